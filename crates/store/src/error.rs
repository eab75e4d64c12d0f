//! Errors of the database layer.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `--database` is neither `postgres://…` nor `sqlite://…`.
    #[error("unsupported database URL {0:?}: use postgres://… or sqlite://PATH")]
    BadUrl(String),
    /// The database cannot be reached or opened.
    #[error("cannot open the database {target}: {reason}")]
    Unreachable {
        /// The redacted target.
        target: String,
        /// The driver's words.
        reason: String,
    },
    /// The database was migrated by a newer linli than this binary.
    #[error(
        "the database is at schema version {found}, newer than this linli knows ({known}); upgrade linli before using this database"
    )]
    TooNew {
        /// Version found in the database.
        found: i64,
        /// Newest version this binary has.
        known: i64,
    },
    /// A unique or primary key would be duplicated.
    #[error("duplicate value violates {constraint}")]
    Conflict {
        /// The constraint or index name, as the database reports it.
        constraint: String,
    },
    /// A foreign key points nowhere.
    #[error("reference violates {constraint}")]
    MissingReference {
        /// The constraint name, where the database reports one.
        constraint: String,
    },
    /// A stored value could not be read as the expected type.
    #[error("column {column}: {reason}")]
    Decode {
        /// The column name.
        column: String,
        /// What went wrong.
        reason: String,
    },
    /// Anything else the driver reports.
    #[error("database error: {0}")]
    Driver(sqlx::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        crate::dialect::classify(e)
    }
}

/// Result of a database operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
