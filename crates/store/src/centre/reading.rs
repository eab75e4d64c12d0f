//! The reading room: the catalogue, and each reader's position in a book.
//!
//! A position is replaced only by one read later: the upsert's update runs
//! only where the stored reading time is older, so uploads from two devices
//! in any order, or at once, leave the latest reading.

use chrono::{DateTime, Utc};
use sea_query::{Alias, Expr, ExprTrait, OnConflict, Order};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "reading_book";
    /// A book or periodical of a reading room.
    #[derive(Debug, Clone, PartialEq)]
    pub struct BookRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// book or periodical.
        pub kind: String,
        /// Title.
        pub title: String,
        /// Author(s).
        pub author: String,
        /// ISBN-13 digits.
        pub isbn: Option<String>,
        /// Publisher.
        pub publisher: String,
        /// Where it stands.
        pub shelf: String,
        /// Copies owned.
        pub copies: i64,
        /// Copies on the shelf.
        pub available: i64,
        /// About it.
        pub about: String,
        /// In the catalogue.
        pub active: bool,
        /// Added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "reading_position";
    /// Where a reader is in a book.
    #[derive(Debug, Clone, PartialEq)]
    pub struct PositionRow {
        /// The reader's account.
        pub account_id: Uuid,
        /// The book.
        pub book_id: Uuid,
        /// The book's community.
        pub community_id: String,
        /// The resource within the publication.
        pub href: String,
        /// Into that resource, 0–1.
        pub progression: f64,
        /// Into the whole publication, 0–1.
        pub total_progression: f64,
        /// KOReader's progress text, when it came from one.
        pub koreader: Option<String>,
        /// When it was read.
        pub read_at: DateTime<Utc>,
        /// Which device.
        pub device: String,
        /// When it was stored.
        pub updated_at: DateTime<Utc>,
    }
}

/// Adds a book.
pub async fn add_book(tx: &mut Tx, b: &BookRow) -> Result<()> {
    tx.execute(&BookRow::insert().values_panic(b.values()).to_owned()).await?;
    Ok(())
}

/// One book.
pub async fn book(db: &Db, id: Uuid) -> Result<Option<BookRow>> {
    BookRow::one(db, &BookRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// A community's catalogue, by title.
pub async fn books(db: &Db, community: &str) -> Result<Vec<BookRow>> {
    let q =
        BookRow::select().and_where(Expr::col("community_id").eq(community)).order_by("title", Order::Asc).to_owned();
    BookRow::all(db, &q).await
}

/// Stores a position unless the one stored was read at the same time or
/// later; whether it was stored.
pub async fn save_position(db: &Db, p: &PositionRow) -> Result<bool> {
    let excluded = |c: &str| Expr::col((Alias::new("excluded"), Alias::new(c)));
    let q = PositionRow::insert()
        .values_panic(p.values())
        .on_conflict(
            OnConflict::columns(["account_id", "book_id"])
                .update_columns([
                    "href",
                    "progression",
                    "total_progression",
                    "koreader",
                    "read_at",
                    "device",
                    "updated_at",
                ])
                .action_and_where(Expr::col(("reading_position", "read_at")).lt(excluded("read_at")))
                .to_owned(),
        )
        .to_owned();
    Ok(db.execute(&q).await? > 0)
}

/// A reader's position in a book.
pub async fn position(db: &Db, account: Uuid, book: Uuid) -> Result<Option<PositionRow>> {
    let q = PositionRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("book_id").eq(book))
        .to_owned();
    PositionRow::one(db, &q).await
}
