//! Versioned migrations, written once as Rust functions that build sea-query
//! statements and rendered for each engine by [`crate::dialect`].
//!
//! The applied versions are kept in `linli_migration`. A binary refuses a
//! database that a newer binary has migrated.

mod m0001_regions;
mod m0002_accounts;
mod m0003_api_tokens;
mod m0004_second_factor;
mod m0005_registry;
mod m0006_registration;
mod m0007_registry_detail;
mod m0008_grid_teams;
mod m0009_household_history;
pub mod m0010_events;
mod m0011_event_alerts;
mod m0012_inbox;
mod m0013_event_place_photos;
mod m0014_event_measures;
mod m0015_delivery;
mod m0016_event_lists;
mod m0017_services;
pub mod m0018_visits;
mod m0019_bills;
mod m0020_prepaid;
mod m0021_rate_limits;
mod m0022_masked_means_masked;
mod m0023_community_keys;
pub mod m0024_money_and_the_counter;
mod m0025_resident_pages;
mod m0026_handler_units;
pub mod m0027_public_categories;
mod m0028_event_search;
mod m0029_category_fields;
mod m0030_notices;
mod m0031_notice_inbox;
mod m0032_rooms_and_activities;
mod m0033_after_school;
mod m0034_notice_photos;
mod m0035_notice_files;
mod m0036_resident_link_account;
mod m0037_help_wall_and_points;
mod m0038_joint_lists;
mod m0039_wall_photos_audio_orgs;
mod m0040_produce_counter;
mod m0041_day_care;
mod m0042_reading_room;
mod m0043_reading_files;
mod m0044_mediation;
mod m0045_mediation_deadlines;
mod m0046_mediation_rooms;
mod m0047_mediation_event_once;

use chrono::Utc;
use sea_query::{
    ColumnDef, Expr, Func, IndexCreateStatement, IndexDropStatement, InsertStatement, Query, Table,
    TableAlterStatement, TableCreateStatement, UpdateStatement,
};

use crate::{Backend, Db, Result, Tx, dialect};

/// One change to the schema or to reference data.
pub enum Step {
    /// Create a table.
    Table(TableCreateStatement),
    /// Create an index.
    Index(IndexCreateStatement),
    /// Change a table (one column at a time: SQLite's limit).
    Alter(TableAlterStatement),
    /// Widen a `varchar` column (table, column, new length).
    Widen(&'static str, &'static str, u32),
    /// Insert reference rows.
    Insert(InsertStatement),
    /// Make a `varchar(len)` column compare by code point (table, column,
    /// len), so that prefix ranges on it use its index on both engines.
    CodePointOrder(&'static str, &'static str, u32),
    /// Change existing rows.
    Update(UpdateStatement),
    /// Drop an index.
    DropIndex(IndexDropStatement),
    /// Set a date column of every row to the first day of its month (table,
    /// column).
    StartOfMonth(&'static str, &'static str),
    /// Make a table again with new columns and keys (given without the
    /// table's name), keeping its rows: how a primary key changes, since
    /// SQLite cannot alter one. The old table's indexes go with it; the
    /// steps after make them again.
    Rebuild(&'static str, TableCreateStatement),
    /// Create a table that is its primary key and nothing more (an index's
    /// postings): on SQLite without a rowid, so it is stored once.
    KeyedTable(TableCreateStatement),
    /// Index the words of the events already written (see `events::term`).
    IndexEventTexts,
}

/// A named index on `cols` of `table`, unique or not.
fn index(name: &str, table: &str, cols: &[&'static str], unique: bool) -> Step {
    let mut i = sea_query::Index::create().name(name).table(table.to_owned()).to_owned();
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    Step::Index(i)
}

/// A numbered, named migration.
pub struct Migration {
    /// Version number; strictly increasing, never reused.
    pub version: i64,
    /// What it does, for `linli migrate` output.
    pub name: &'static str,
    /// Builds its steps.
    pub steps: fn() -> Vec<Step>,
}

/// Every migration this binary knows, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "regions: the statistical division tree", steps: m0001_regions::steps },
    Migration { version: 2, name: "accounts, grants, sessions and the audit log", steps: m0002_accounts::steps },
    Migration { version: 3, name: "API tokens for machine clients", steps: m0003_api_tokens::steps },
    Migration { version: 4, name: "TOTP second factor and security settings", steps: m0004_second_factor::steps },
    Migration { version: 5, name: "registry: buildings, houses, households, people", steps: m0005_registry::steps },
    Migration { version: 6, name: "residents' registration and account links", steps: m0006_registration::steps },
    Migration {
        version: 7,
        name: "registry detail: person facts, search keys, history, organisations",
        steps: m0007_registry_detail::steps,
    },
    Migration { version: 8, name: "grid service and governance teams", steps: m0008_grid_teams::steps },
    Migration { version: 9, name: "household history index", steps: m0009_household_history::steps },
    Migration { version: 10, name: "events: categories, events and their timelines", steps: m0010_events::steps },
    Migration {
        version: 11,
        name: "event deadline alerts and the notification outbox",
        steps: m0011_event_alerts::steps,
    },
    Migration { version: 12, name: "inbox: notifications by recipient", steps: m0012_inbox::steps },
    Migration {
        version: 13,
        name: "event address, coordinates, e-mail and photos",
        steps: m0013_event_place_photos::steps,
    },
    Migration {
        version: 14,
        name: "event measures: lateness, closing time, time per step",
        steps: m0014_event_measures::steps,
    },
    Migration { version: 15, name: "outbox delivery: claims, attempts, errors", steps: m0015_delivery::steps },
    Migration { version: 16, name: "event list indexes: by grid, overdue", steps: m0016_event_lists::steps },
    Migration { version: 17, name: "services: applications and their timelines", steps: m0017_services::steps },
    Migration {
        version: 18,
        name: "service catalogue, visits, visit and proactive rules, appointments, material photos",
        steps: m0018_visits::steps,
    },
    Migration {
        version: 19,
        name: "bills: fee items, meter readings, bills, payments, receipts",
        steps: m0019_bills::steps,
    },
    Migration {
        version: 20,
        name: "prepaid balances, order channels, the local provider's statement",
        steps: m0020_prepaid::steps,
    },
    Migration { version: 21, name: "rate-limit buckets counted in one statement", steps: m0021_rate_limits::steps },
    Migration {
        version: 22,
        name: "masked means masked: birth month only, no ID digits in clear",
        steps: m0022_masked_means_masked::steps,
    },
    Migration {
        version: 23,
        name: "orders, kiosk sessions and receipt numbers keyed by community",
        steps: m0023_community_keys::steps,
    },
    Migration {
        version: 24,
        name: "fee items' grace period, reminders' daily count, buildings' sort key",
        steps: m0024_money_and_the_counter::steps,
    },
    Migration { version: 25, name: "registrations found by phone at sign-in", steps: m0025_resident_pages::steps },
    Migration {
        version: 26,
        name: "handler units, routing rules and the reporter's own 回访",
        steps: m0026_handler_units::steps,
    },
    Migration {
        version: 27,
        name: "categories listed publicly through Open311",
        steps: m0027_public_categories::steps,
    },
    Migration { version: 28, name: "events found by the words of their text", steps: m0028_event_search::steps },
    Migration {
        version: 29,
        name: "categories' extra fields (Open311 attributes) and the values reports give",
        steps: m0029_category_fields::steps,
    },
    Migration {
        version: 30,
        name: "notices: what staff publish, to whom, and who has read it",
        steps: m0030_notices::steps,
    },
    Migration {
        version: 31,
        name: "notices set for later reach the inbox when they appear",
        steps: m0031_notice_inbox::steps,
    },
    Migration {
        version: 32,
        name: "rooms and bookings (no overlap, by quarter hour), associations, activities and registrations",
        steps: m0032_rooms_and_activities::steps,
    },
    Migration {
        version: 33,
        name: "the after-school class: its term, children enrolled with who may take them home, each day's sign-out",
        steps: m0033_after_school::steps,
    },
    Migration { version: 34, name: "pictures in notices", steps: m0034_notice_photos::steps },
    Migration { version: 35, name: "files attached to notices", steps: m0035_notice_files::steps },
    Migration { version: 36, name: "residents' links found by account", steps: m0036_resident_link_account::steps },
    Migration { version: 37, name: "help wall, volunteers and points", steps: m0037_help_wall_and_points::steps },
    Migration { version: 38, name: "the three lists and the joint meeting", steps: m0038_joint_lists::steps },
    Migration {
        version: 39,
        name: "wish photos, study audio, volunteer organisations",
        steps: m0039_wall_photos_audio_orgs::steps,
    },
    Migration { version: 40, name: "the produce counter", steps: m0040_produce_counter::steps },
    Migration { version: 41, name: "elderly day care", steps: m0041_day_care::steps },
    Migration { version: 42, name: "the reading room", steps: m0042_reading_room::steps },
    Migration { version: 43, name: "reading room: e-books read in the browser", steps: m0043_reading_files::steps },
    Migration { version: 44, name: "mediation, petitions and 三零", steps: m0044_mediation::steps },
    Migration { version: 45, name: "mediation: deadline warnings", steps: m0045_mediation_deadlines::steps },
    Migration { version: 46, name: "mediation: sessions scheduled in a room", steps: m0046_mediation_rooms::steps },
    Migration { version: 47, name: "mediation: an event makes one case", steps: m0047_mediation_event_once::steps },
];

/// The newest schema version this binary knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Where a database stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Highest applied version (0 on an empty database).
    pub current: i64,
    /// Newest version this binary knows.
    pub latest: i64,
}

impl Status {
    /// True when nothing is pending.
    pub fn is_current(&self) -> bool {
        self.current == self.latest
    }
}

const HISTORY: &str = "linli_migration";

fn history_table() -> TableCreateStatement {
    Table::create()
        .table(HISTORY)
        .if_not_exists()
        .col(ColumnDef::new("version").big_integer().not_null().primary_key())
        .col(ColumnDef::new("name").string().not_null())
        .col(ColumnDef::new("applied_at").timestamp_with_time_zone().not_null())
        .to_owned()
}

async fn current_version(tx: &mut Tx) -> Result<i64> {
    let q = Query::select().expr_as(Func::max(Expr::col("version")), "v").from(HISTORY).to_owned();
    let row = tx.fetch_optional(&q).await?;
    Ok(match row {
        Some(r) => r.get::<Option<i64>>("v")?.unwrap_or(0),
        None => 0,
    })
}

async fn open(db: &Db) -> Result<(Tx, i64)> {
    let mut tx = db.begin().await?;
    if let Some(lock) = dialect::migration_lock(tx.backend()) {
        tx.execute_sql(lock).await?;
    }
    tx.execute_sql(&dialect::create_table(tx.backend(), &history_table())).await?;
    let current = match current_version(&mut tx).await {
        Ok(v) => v,
        Err(e) => {
            let _ = tx.rollback().await;
            return Err(e);
        }
    };
    let latest = latest();
    if current > latest {
        tx.rollback().await?;
        return Err(crate::Error::TooNew { found: current, known: latest });
    }
    Ok((tx, current))
}

/// Reads the schema version; fails with [`crate::Error::TooNew`] on a
/// database from a newer linli.
pub async fn status(db: &Db) -> Result<Status> {
    let (tx, current) = open(db).await?;
    tx.commit().await?;
    Ok(Status { current, latest: latest() })
}

/// Applies every pending migration, each in its own transaction, calling
/// `progress` before each. Returns the versions applied.
pub async fn migrate(db: &Db, progress: impl FnMut(&Migration)) -> Result<Vec<i64>> {
    migrate_to(db, latest(), progress).await
}

/// Applies the pending migrations up to `version` (tests of a migration
/// start from the schema before it).
pub async fn migrate_to(db: &Db, version: i64, mut progress: impl FnMut(&Migration)) -> Result<Vec<i64>> {
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().take_while(|m| m.version <= version) {
        // Re-read under the lock: another process may have migrated meanwhile.
        let (mut tx, current) = open(db).await?;
        if m.version <= current {
            tx.rollback().await?;
            continue;
        }
        progress(m);
        if let Err(e) = apply(&mut tx, m).await {
            let _ = tx.rollback().await;
            return Err(e);
        }
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        applied.push(m.version);
    }
    Ok(applied)
}

async fn apply(tx: &mut Tx, m: &Migration) -> Result<()> {
    let backend: Backend = tx.backend();
    for step in (m.steps)() {
        match step {
            Step::Table(t) => tx.execute_sql(&dialect::create_table(backend, &t)).await?,
            Step::Index(i) => tx.execute_sql(&dialect::create_index(backend, &i)).await?,
            Step::Alter(a) => tx.execute_sql(&dialect::alter_table(backend, &a)).await?,
            Step::Widen(table, column, len) => {
                if let Some(sql) = dialect::widen_varchar(backend, table, column, len) {
                    tx.execute_sql(&sql).await?;
                }
            }
            Step::CodePointOrder(table, column, len) => {
                if let Some(sql) = dialect::code_point_order(backend, table, column, len) {
                    tx.execute_sql(&sql).await?;
                }
            }
            Step::Insert(q) => {
                tx.execute(&q).await?;
            }
            Step::Update(q) => {
                tx.execute(&q).await?;
            }
            Step::DropIndex(i) => tx.execute_sql(&dialect::drop_index(backend, &i)).await?,
            Step::StartOfMonth(table, column) => {
                tx.execute_sql(&dialect::start_of_month(backend, table, column)).await?
            }
            Step::Rebuild(table, shape) => rebuild(tx, table, shape).await?,
            Step::KeyedTable(t) => tx.execute_sql(&dialect::create_keyed_table(backend, &t)).await?,
            Step::IndexEventTexts => {
                crate::events::term::index_all(tx).await?;
            }
        }
    }
    let record = Query::insert()
        .into_table(HISTORY)
        .columns(["version", "name", "applied_at"])
        .values_panic([m.version.into(), m.name.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&record).await?;
    Ok(())
}

/// Makes `table` again in the shape given: a new table beside it, its rows
/// copied over, the old one dropped and the new one given its name.
async fn rebuild(tx: &mut Tx, table: &'static str, mut shape: TableCreateStatement) -> Result<()> {
    let backend = tx.backend();
    let new = format!("{table}_rebuilt");
    shape.table(new.clone());
    tx.execute_sql(&dialect::create_table(backend, &shape)).await?;
    let columns: Vec<String> = shape.get_columns().iter().map(|c| c.get_column_name()).collect();
    let copy = Query::insert()
        .into_table(new.clone())
        .columns(columns.clone())
        .select_from(Query::select().columns(columns).from(table).to_owned())
        .expect("the copy reads the columns it writes")
        .to_owned();
    tx.execute(&copy).await?;
    tx.execute_sql(&dialect::drop_table(backend, &Table::drop().table(table).to_owned())).await?;
    tx.execute_sql(&dialect::rename_table(backend, &Table::rename().table(new.clone(), table).to_owned())).await?;
    if let Some(sql) = dialect::rename_primary_key(backend, &new, table) {
        tx.execute_sql(&sql).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_strictly_increase_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration {} is out of order", m.name);
        }
    }
}
