//! The reading room: the catalogue, and each reader's position in a book.
//!
//! A position is replaced only by one read later: the upsert's update runs
//! only where the stored reading time is older, so uploads from two devices
//! in any order, or at once, leave the latest reading.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
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
        /// The cover's photo, if any.
        pub cover_id: Option<Uuid>,
        /// Its content type.
        pub cover_type: Option<String>,
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
        /// Where exactly a browser reader was (an EPUB CFI).
        pub cfi: Option<String>,
    }
}

row! {
    table "reading_file";
    /// An e-book's EPUB file (the bytes are in the data folder).
    #[derive(Debug, Clone, PartialEq)]
    pub struct FileRow {
        /// Community.
        pub community_id: String,
        /// Identifier, also the file's name in the data folder.
        pub id: Uuid,
        /// The book.
        pub book_id: Uuid,
        /// Bytes.
        pub size: i64,
        /// SHA-256, hex.
        pub sha256: String,
        /// The file readers get (older ones are kept for their hashes).
        pub current: bool,
        /// Uploaded.
        pub created_at: DateTime<Utc>,
        /// The package document's path in the archive.
        pub package: String,
        /// The reading order's hrefs, one per line.
        pub spine: String,
    }
}

row! {
    table "reader_device";
    /// An e-reader the reading room lends.
    #[derive(Debug, Clone, PartialEq)]
    pub struct DeviceRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The asset number on its label.
        pub asset_no: String,
        /// Make and model.
        pub model: String,
        /// shelf, lent, repair or retired.
        pub state: String,
        /// Added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "reading_loan";
    /// A loan of a book or an e-reader.
    #[derive(Debug, Clone, PartialEq)]
    pub struct LoanRow {
        /// Community.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The book lent, or
        pub book_id: Option<Uuid>,
        /// the e-reader lent.
        pub device_id: Option<Uuid>,
        /// The borrower in the registry.
        pub person_id: Option<Uuid>,
        /// The borrower's account, if any.
        pub account_id: Option<Uuid>,
        /// The borrower's name as shown.
        pub borrower_name: String,
        /// Lent.
        pub lent_at: DateTime<Utc>,
        /// Due back.
        pub due_on: NaiveDate,
        /// Returned.
        pub returned_at: Option<DateTime<Utc>>,
        /// Last reminded.
        pub reminded_at: Option<DateTime<Utc>>,
        /// Who lent it.
        pub lent_by: String,
    }
}

row! {
    table "reading_list";
    /// A book on a reader's list.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ListRow {
        /// The reader's account.
        pub account_id: Uuid,
        /// The book.
        pub book_id: Uuid,
        /// The book's community.
        pub community_id: String,
        /// Added.
        pub added_at: DateTime<Utc>,
        /// Finished.
        pub finished_at: Option<DateTime<Utc>>,
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
                    "cfi",
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

/// Changes a book's catalogue entry (not its copies on loan).
pub async fn update_book(tx: &mut Tx, b: &BookRow) -> Result<()> {
    let q = Query::update()
        .table("reading_book")
        .values([
            ("title", b.title.clone().into()),
            ("author", b.author.clone().into()),
            ("isbn", b.isbn.clone().into()),
            ("publisher", b.publisher.clone().into()),
            ("shelf", b.shelf.clone().into()),
            ("about", b.about.clone().into()),
            ("active", b.active.into()),
        ])
        .and_where(Expr::col("community_id").eq(&b.community_id))
        .and_where(Expr::col("id").eq(b.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Changes how many copies a book has: the copies on the shelf change by
/// as much, and never below none (those lent out stay lent).
pub async fn set_copies(tx: &mut Tx, community: &str, id: Uuid, copies: i64) -> Result<bool> {
    let q = Query::update()
        .table("reading_book")
        .value("available", Expr::col("available").add(Expr::val(copies)).sub(Expr::col("copies")))
        .value("copies", copies)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("copies").sub(Expr::col("available")).lte(copies))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

// Files.

/// Adds a book's file as its current one, with its KOReader hash.
pub async fn add_file(tx: &mut Tx, f: &FileRow, hash: &str) -> Result<()> {
    let q = Query::update()
        .table("reading_file")
        .value("current", false)
        .and_where(Expr::col("community_id").eq(&f.community_id))
        .and_where(Expr::col("book_id").eq(f.book_id))
        .to_owned();
    tx.execute(&q).await?;
    tx.execute(&FileRow::insert().values_panic(f.values()).to_owned()).await?;
    let q = Query::insert()
        .into_table("reading_hash")
        .columns(["hash", "community_id", "book_id"])
        .values_panic([hash.into(), f.community_id.clone().into(), f.book_id.into()])
        .on_conflict(OnConflict::columns(["hash", "community_id", "book_id"]).do_nothing().to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A book's current file.
pub async fn current_file(db: &Db, community: &str, book: Uuid) -> Result<Option<FileRow>> {
    let q = FileRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("book_id").eq(book))
        .and_where(Expr::col("current").eq(true))
        .to_owned();
    FileRow::one(db, &q).await
}

/// The books that have a current file, of those given.
pub async fn with_files(db: &Db, community: &str) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .column("book_id")
        .from("reading_file")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("current").eq(true))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("book_id")).collect()
}

/// The books a KOReader document hash names (a file may be in several
/// communities' rooms).
pub async fn books_by_hash(db: &Db, hash: &str) -> Result<Vec<Uuid>> {
    let q = Query::select().column("book_id").from("reading_hash").and_where(Expr::col("hash").eq(hash)).to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("book_id")).collect()
}

/// A book's KOReader hashes.
pub async fn hashes(db: &Db, book: Uuid) -> Result<Vec<String>> {
    let q = Query::select().column("hash").from("reading_hash").and_where(Expr::col("book_id").eq(book)).to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("hash")).collect()
}

// Devices.

/// Adds an e-reader; false when its asset number is taken.
pub async fn add_device(tx: &mut Tx, d: &DeviceRow) -> Result<bool> {
    let q = DeviceRow::insert()
        .values_panic(d.values())
        .on_conflict(OnConflict::columns(["community_id", "asset_no"]).do_nothing().to_owned())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// A room's e-readers, by asset number.
pub async fn devices(db: &Db, community: &str) -> Result<Vec<DeviceRow>> {
    let q = DeviceRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .order_by("asset_no", Order::Asc)
        .to_owned();
    DeviceRow::all(db, &q).await
}

/// Moves an e-reader from one state to another; false when it was not in
/// the state expected.
pub async fn move_device(tx: &mut Tx, community: &str, id: Uuid, from: &str, to: &str) -> Result<bool> {
    let q = Query::update()
        .table("reader_device")
        .value("state", to)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq(from))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

// Loans.

/// Takes a copy of a book off the shelf; false when none is there.
pub async fn take_copy(tx: &mut Tx, community: &str, book: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("reading_book")
        .value("available", Expr::col("available").sub(1))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(book))
        .and_where(Expr::col("available").gt(0))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Puts a copy back on the shelf (never more than the copies owned).
pub async fn put_back(tx: &mut Tx, community: &str, book: Uuid) -> Result<()> {
    let q = Query::update()
        .table("reading_book")
        .value("available", Expr::col("available").add(1))
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(book))
        .and_where(Expr::col("available").lt(Expr::col("copies")))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Records a loan.
pub async fn lend(tx: &mut Tx, l: &LoanRow) -> Result<()> {
    tx.execute(&LoanRow::insert().values_panic(l.values()).to_owned()).await?;
    Ok(())
}

/// One loan.
pub async fn loan(db: &Db, community: &str, id: Uuid) -> Result<Option<LoanRow>> {
    let q = LoanRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    LoanRow::one(db, &q).await
}

/// Marks a loan returned; false when it was returned already.
pub async fn give_back(tx: &mut Tx, community: &str, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("reading_loan")
        .value("returned_at", at)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("returned_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Loans not yet returned, the earliest due first; only those due before
/// `overdue_before` when given.
pub async fn open_loans(db: &Db, community: &str, overdue_before: Option<NaiveDate>) -> Result<Vec<LoanRow>> {
    let mut q = LoanRow::select()
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("returned_at").is_null())
        .order_by("due_on", Order::Asc)
        .order_by("lent_at", Order::Asc)
        .to_owned();
    if let Some(d) = overdue_before {
        q.and_where(Expr::col("due_on").lt(d));
    }
    LoanRow::all(db, &q).await
}

/// An account's loans, open first, the newest first.
pub async fn loans_of(db: &Db, account: Uuid) -> Result<Vec<LoanRow>> {
    let q = LoanRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("lent_at", Order::Desc)
        .limit(100)
        .to_owned();
    LoanRow::all(db, &q).await
}

/// Marks a loan reminded unless it was since `not_since`; whether it was
/// (so that two staff pressing at once send one reminder).
pub async fn remind(
    tx: &mut Tx,
    community: &str,
    id: Uuid,
    at: DateTime<Utc>,
    not_since: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::update()
        .table("reading_loan")
        .value("reminded_at", at)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("returned_at").is_null())
        .and_where(Expr::col("reminded_at").is_null().or(Expr::col("reminded_at").lt(not_since)))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

// Reading lists and minutes.

/// Puts a book on a reader's list (again: unfinished).
pub async fn list_add(db: &Db, l: &ListRow) -> Result<()> {
    let q = ListRow::insert()
        .values_panic(l.values())
        .on_conflict(OnConflict::columns(["account_id", "book_id"]).do_nothing().to_owned())
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// Takes a book off a reader's list.
pub async fn list_remove(db: &Db, account: Uuid, book: Uuid) -> Result<bool> {
    let q = Query::delete()
        .from_table("reading_list")
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("book_id").eq(book))
        .to_owned();
    Ok(db.execute(&q).await? > 0)
}

/// Marks a book on the list finished (or not).
pub async fn list_finish(db: &Db, account: Uuid, book: Uuid, at: Option<DateTime<Utc>>) -> Result<bool> {
    let q = Query::update()
        .table("reading_list")
        .value("finished_at", at)
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("book_id").eq(book))
        .to_owned();
    Ok(db.execute(&q).await? > 0)
}

/// A reader's list, the newest first.
pub async fn list(db: &Db, account: Uuid) -> Result<Vec<ListRow>> {
    let q = ListRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("added_at", Order::Desc)
        .limit(500)
        .to_owned();
    ListRow::all(db, &q).await
}

/// Adds minutes read on a day, as fast as time passes: the day's first
/// save counts at most one minute; later ones count only if the minutes
/// claimed have passed since the last counted (one conditional upsert, so
/// that saves at once cannot count the same minutes twice). Whether they
/// were counted.
pub async fn add_minutes(
    db: &Db,
    (account, book, community): (Uuid, Uuid, &str),
    day: NaiveDate,
    minutes: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let not_after = now - chrono::Duration::minutes(minutes);
    let q = Query::insert()
        .into_table("reading_minutes")
        .columns(["account_id", "book_id", "day", "community_id", "minutes", "counted_at"])
        .values_panic([
            account.into(),
            book.into(),
            day.into(),
            community.into(),
            Ord::min(minutes, 1).into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["account_id", "book_id", "day"])
                .value("minutes", {
                    let sum = Expr::col(("reading_minutes", "minutes")).add(Expr::val(minutes));
                    Expr::case(sum.clone().gt(1440), 1440).finally(sum)
                })
                .value("counted_at", now)
                .action_and_where(
                    Expr::col(("reading_minutes", "counted_at")).is_null().or(Expr::col((
                        "reading_minutes",
                        "counted_at",
                    ))
                    .lte(not_after)),
                )
                .to_owned(),
        )
        .to_owned();
    Ok(db.execute(&q).await? > 0)
}

/// A community's reading over days `from..to`: (readers, books read,
/// minutes), and the titles read by the most readers: (book, readers,
/// minutes).
pub async fn stats(db: &Db, community: &str, from: NaiveDate, to: NaiveDate) -> Result<Stats> {
    let q = Query::select()
        .column("account_id")
        .column("book_id")
        .expr_as(sea_query::Func::coalesce([Expr::col("minutes").sum(), Expr::val(0i64)]).cast_as("BIGINT"), "m")
        .from("reading_minutes")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("day").gte(from))
        .and_where(Expr::col("day").lt(to))
        .group_by_col("account_id")
        .group_by_col("book_id")
        .to_owned();
    let pairs: Vec<(Uuid, Uuid, i64)> = db
        .fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("account_id")?, r.get("book_id")?, r.get::<Option<i64>>("m")?.unwrap_or(0))))
        .collect::<Result<_>>()?;
    let q = Query::select()
        .column("book_id")
        .from("reading_loan")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("book_id").is_not_null())
        .and_where(Expr::col("lent_at").gte(from.and_hms_opt(0, 0, 0).expect("midnight").and_utc()))
        .and_where(Expr::col("lent_at").lt(to.and_hms_opt(0, 0, 0).expect("midnight").and_utc()))
        .to_owned();
    let lent: Vec<Uuid> = db.fetch_all(&q).await?.iter().map(|r| r.get("book_id")).collect::<Result<_>>()?;
    Ok(Stats { pairs, lent })
}

/// What [`stats`] counted: each reader's minutes in each book, and each
/// paper loan's book.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// (account, book, minutes).
    pub pairs: Vec<(Uuid, Uuid, i64)>,
    /// A book per loan.
    pub lent: Vec<Uuid>,
}

// The KOReader sync key.

/// Sets an account's sync key hash.
pub async fn set_sync_key(db: &Db, account: Uuid, key_hash: &str, at: DateTime<Utc>) -> Result<()> {
    let q = Query::insert()
        .into_table("reading_sync_key")
        .columns(["account_id", "key_hash", "created_at"])
        .values_panic([account.into(), key_hash.into(), at.into()])
        .on_conflict(OnConflict::column("account_id").update_columns(["key_hash", "created_at"]).to_owned())
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// An account's sync key hash.
pub async fn sync_key(db: &Db, account: Uuid) -> Result<Option<String>> {
    let q = Query::select()
        .column("key_hash")
        .from("reading_sync_key")
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("key_hash")).transpose()
}

/// The account linked to a person of the registry, if any.
pub async fn account_of_person(db: &Db, community: &str, person: Uuid) -> Result<Option<Uuid>> {
    let q = Query::select()
        .column("account_id")
        .from("resident_link")
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("person_id").eq(person))
        .limit(1)
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("account_id")).transpose()
}

/// Books by their identifiers.
pub async fn books_by_id(db: &Db, ids: &[Uuid]) -> Result<Vec<BookRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    BookRow::all(db, &BookRow::select().and_where(Expr::col("id").is_in(ids.iter().copied())).to_owned()).await
}

/// An account's positions, the latest read first.
pub async fn positions_of(db: &Db, account: Uuid) -> Result<Vec<PositionRow>> {
    let q = PositionRow::select()
        .and_where(Expr::col("account_id").eq(account))
        .order_by("read_at", Order::Desc)
        .limit(200)
        .to_owned();
    PositionRow::all(db, &q).await
}

/// Moves a loan's dates (a loan entered from the paper register after the
/// fact: the demo's history).
pub async fn backdate_loan(
    tx: &mut Tx,
    community: &str,
    id: Uuid,
    lent_at: DateTime<Utc>,
    due_on: NaiveDate,
) -> Result<()> {
    let q = Query::update()
        .table("reading_loan")
        .value("lent_at", lent_at)
        .value("due_on", due_on)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Sets a book's cover photo; the one it replaces, if any.
pub async fn set_cover(tx: &mut Tx, community: &str, id: Uuid, cover: Uuid, kind: &str) -> Result<()> {
    let q = Query::update()
        .table("reading_book")
        .value("cover_id", cover)
        .value("cover_type", kind)
        .and_where(Expr::col("community_id").eq(community))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}
