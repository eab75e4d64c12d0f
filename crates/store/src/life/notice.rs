//! Notices (通知公告) and their receipts: one row per household a notice
//! reached, written when it is published, so that "who has not read it"
//! is a lookup a grid worker can act on door by door.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::row::row;
use crate::scope::{self, JoinPlace};
use crate::{Db, Result, Tx};

row! {
    table "notice";
    /// A notice as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NoticeRow {
        /// Identifier.
        pub id: Uuid,
        /// The region it is published in (12 digits).
        pub region_code: String,
        /// Its significant prefix.
        pub region_prefix: String,
        /// Comma-separated grid codes it is limited to; empty: the whole region.
        pub grids: String,
        /// The tag it is limited to.
        pub tag: Option<String>,
        /// Title.
        pub title: String,
        /// Text.
        pub body: String,
        /// Shown to anyone on the community's page.
        pub public: bool,
        /// Kept at the top of lists.
        pub pinned: bool,
        /// When it appears.
        pub publish_at: DateTime<Utc>,
        /// When it comes down.
        pub expires_at: Option<DateTime<Utc>>,
        /// When it was taken down early.
        pub withdrawn_at: Option<DateTime<Utc>>,
        /// Households it reached.
        pub households: i64,
        /// People it reached.
        pub people: i64,
        /// Who wrote it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// When its readers' inboxes were told (once it showed).
        pub inboxed_at: Option<DateTime<Utc>>,
    }
}

impl NoticeRow {
    /// Whether it shows at `now`: published, not expired, not withdrawn.
    pub fn shows(&self, now: DateTime<Utc>) -> bool {
        self.publish_at <= now && self.withdrawn_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }

    /// The grids it is limited to.
    pub fn grid_codes(&self) -> Vec<&str> {
        self.grids.split(',').filter(|g| !g.is_empty()).collect()
    }
}

/// Whom a notice reaches: buildings under `prefixes` (a region's or its
/// grids'), and when `tag` is given, households where someone living
/// there carries it.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    /// Code prefixes of the buildings' grids.
    pub prefixes: &'a [String],
    /// A person's tag.
    pub tag: Option<&'a str>,
}

/// Someone living there (not moved out, not deceased), carrying `tag` when given.
fn living(tag: Option<&str>) -> Cond {
    let mut c = Cond::all().add(Expr::col(("person", "status")).eq("active"));
    if let Some(t) = tag {
        // Tags are comma-separated; a checked tag holds no comma, % or _.
        let col = || Expr::col(("person", "tags"));
        c = c.add(
            Cond::any()
                .add(col().eq(t))
                .add(col().like(format!("{t},%")))
                .add(col().like(format!("%,{t}")))
                .add(col().like(format!("%,{t},%"))),
        );
    }
    c
}

/// The households reached: (community, household, grid).
fn reached(reach: Reach<'_>) -> SelectStatement {
    let mut q = Query::select()
        .column(("household", "community_id"))
        .column(("household", "id"))
        .column(("building", "grid_code"))
        .from("household")
        .join_place()
        .cond_where(scope::building(reach.prefixes))
        .to_owned();
    let someone = Query::select()
        .expr(Expr::val(1))
        .from("person")
        .and_where(Expr::col(("person", "community_id")).equals(("household", "community_id")))
        .and_where(Expr::col(("person", "household_id")).equals(("household", "id")))
        .cond_where(living(reach.tag))
        .to_owned();
    q.and_where(Expr::exists(someone));
    q
}

/// How many households and people a notice would reach.
pub async fn count_reach(db: &Db, reach: Reach<'_>) -> Result<(i64, i64)> {
    if reach.prefixes.is_empty() {
        return Ok((0, 0));
    }
    let households = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from_subquery(reached(reach), "r")
        .to_owned();
    let households: i64 = db.fetch_optional(&households).await?.map_or(Ok(0), |r| r.get("n"))?;
    let people = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("person")
        .join_household_place()
        .cond_where(scope::building(reach.prefixes))
        .cond_where(living(reach.tag))
        .to_owned();
    let people: i64 = db.fetch_optional(&people).await?.map_or(Ok(0), |r| r.get("n"))?;
    Ok((households, people))
}

/// A few households a notice would reach, as addresses (building, unit, room).
pub async fn sample_reach(db: &Db, reach: Reach<'_>, n: u64) -> Result<Vec<(String, String, String)>> {
    if reach.prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = reached(reach)
        .column(("building", "name"))
        .column(("house", "unit"))
        .column(("house", "room"))
        .order_by(("building", "grid_code"), Order::Asc)
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .limit(n)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("name")?, r.get("unit")?, r.get("room")?))).collect()
}

/// Writes a notice and a receipt for every household it reaches, in one
/// statement; returns how many.
pub async fn publish(tx: &mut Tx, n: &NoticeRow, reach: Reach<'_>) -> Result<u64> {
    tx.execute(&NoticeRow::insert().values_panic(n.values()).to_owned()).await?;
    if reach.prefixes.is_empty() {
        return Ok(0);
    }
    let rows = reached(reach).expr(Expr::val(n.id)).to_owned();
    let q = Query::insert()
        .into_table("notice_receipt")
        .columns(["community_id", "household_id", "grid_code", "notice_id"])
        .select_from(rows)
        .expect("as many columns as values")
        .to_owned();
    tx.execute(&q).await
}

/// Sets what it reached (counted in the same transaction as its receipts).
pub async fn set_reach(tx: &mut Tx, id: Uuid, households: i64, people: i64) -> Result<()> {
    let q = Query::update()
        .table("notice")
        .values([("households", households.into()), ("people", people.into())])
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// One notice.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<NoticeRow>> {
    NoticeRow::one(db, &NoticeRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Notices that lie in, or above, one of `prefixes` (a staff member's
/// scope): those written for their area and those written for a region
/// holding it. Pinned first, newest first.
pub async fn in_view(db: &Db, prefixes: &[String], limit: u64) -> Result<Vec<NoticeRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Cond::any();
    for p in prefixes {
        c = c.add(scope::starts_with(("notice", "region_prefix"), p, false));
        let above: Vec<String> =
            [2usize, 4, 6, 9, 12].into_iter().filter(|&k| k < p.len()).map(|k| p[..k].to_owned()).collect();
        if !above.is_empty() {
            c = c.add(Expr::col(("notice", "region_prefix")).is_in(above));
        }
    }
    let q = NoticeRow::select()
        .cond_where(c)
        .order_by("pinned", Order::Desc)
        .order_by("publish_at", Order::Desc)
        .limit(limit)
        .to_owned();
    NoticeRow::all(db, &q).await
}

/// Public notices showing at `now` in any of `regions` (a community's
/// prefix and those above it), pinned first, newest first.
pub async fn public_in(db: &Db, regions: &[String], now: DateTime<Utc>, limit: u64) -> Result<Vec<NoticeRow>> {
    let q = NoticeRow::select()
        .and_where(Expr::col("region_prefix").is_in(regions.to_vec()))
        .and_where(Expr::col("public").eq(true))
        .cond_where(showing(now))
        .order_by("pinned", Order::Desc)
        .order_by("publish_at", Order::Desc)
        .limit(limit)
        .to_owned();
    NoticeRow::all(db, &q).await
}

fn showing(now: DateTime<Utc>) -> Cond {
    Cond::all()
        .add(Expr::col(("notice", "publish_at")).lte(now))
        .add(Expr::col(("notice", "withdrawn_at")).is_null())
        .add(
            Cond::any()
                .add(Expr::col(("notice", "expires_at")).is_null())
                .add(Expr::col(("notice", "expires_at")).gt(now)),
        )
}

/// A receipt: one household a notice reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Community code.
    pub community_id: String,
    /// The household.
    pub household_id: Uuid,
    /// When it was read.
    pub read_at: Option<DateTime<Utc>>,
    /// online or in_person.
    pub read_how: Option<String>,
}

fn receipt(r: &crate::Row) -> Result<Receipt> {
    Ok(Receipt {
        community_id: r.get("community_id")?,
        household_id: r.get("household_id")?,
        read_at: r.get("read_at")?,
        read_how: r.get("read_how")?,
    })
}

/// The notices showing at `now` that reached any of `households`
/// ((community, household)), with whether each was read there. Pinned
/// first, newest first.
pub async fn for_households(
    db: &Db,
    households: &[(String, Uuid)],
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<(NoticeRow, Receipt)>> {
    if households.is_empty() {
        return Ok(Vec::new());
    }
    let mut mine = Cond::any();
    for (c, h) in households {
        mine = mine.add(
            Cond::all()
                .add(Expr::col(("notice_receipt", "community_id")).eq(c.as_str()))
                .add(Expr::col(("notice_receipt", "household_id")).eq(*h)),
        );
    }
    let q = Query::select()
        .columns(NoticeRow::COLUMNS.iter().map(|c| ("notice", *c)))
        .columns([
            ("notice_receipt", "community_id"),
            ("notice_receipt", "household_id"),
            ("notice_receipt", "read_at"),
            ("notice_receipt", "read_how"),
        ])
        .from("notice_receipt")
        .inner_join("notice", Expr::col(("notice", "id")).equals(("notice_receipt", "notice_id")))
        .cond_where(mine)
        .cond_where(showing(now))
        .order_by(("notice", "pinned"), Order::Desc)
        .order_by(("notice", "publish_at"), Order::Desc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((NoticeRow::from_row(r)?, receipt(r)?))).collect()
}

/// Marks a household's receipt read, once: the first reading counts.
/// Returns whether this call marked it.
pub async fn mark_read(
    tx: &mut Tx,
    (community_id, notice_id, household_id): (&str, Uuid, Uuid),
    how: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::update()
        .table("notice_receipt")
        .values([("read_at", at.into()), ("read_how", how.into()), ("read_by", by.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("notice_id").eq(notice_id))
        .and_where(Expr::col("household_id").eq(household_id))
        .and_where(Expr::col("read_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A notice's receipts under `prefixes` by grid: (grid, households, read).
pub async fn tally(db: &Db, notice_id: Uuid, prefixes: &[String]) -> Result<Vec<(String, i64, i64)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let under =
        prefixes.iter().fold(Cond::any(), |c, p| c.add(scope::starts_with(("notice_receipt", "grid_code"), p, false)));
    let q = Query::select()
        .column("grid_code")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .expr_as(Expr::cust("COUNT(\"read_at\")").cast_as("BIGINT"), "read")
        .from("notice_receipt")
        .and_where(Expr::col("notice_id").eq(notice_id))
        .cond_where(under)
        .group_by_col("grid_code")
        .order_by("grid_code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("grid_code")?, r.get("n")?, r.get("read")?))).collect()
}

/// A household that has not read a notice: where to knock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// Community code.
    pub community_id: String,
    /// The household.
    pub household_id: Uuid,
    /// Its building, unit and room.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
}

/// How many households under `prefix` have not read a notice.
pub async fn count_unread(db: &Db, notice_id: Uuid, prefix: &str) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "n")
        .from("notice_receipt")
        .and_where(Expr::col("notice_id").eq(notice_id))
        .and_where(Expr::col("read_at").is_null())
        .cond_where(scope::starts_with(("notice_receipt", "grid_code"), prefix, false))
        .to_owned();
    db.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

/// The households under `prefix` that have not read a notice, door by
/// door: `limit` of them after the first `offset`.
pub async fn unread(db: &Db, notice_id: Uuid, prefix: &str, offset: u64, limit: u64) -> Result<Vec<Unread>> {
    let q = Query::select()
        .column(("notice_receipt", "community_id"))
        .column(("notice_receipt", "household_id"))
        .column(("building", "name"))
        .column(("house", "unit"))
        .column(("house", "room"))
        .from("notice_receipt")
        .inner_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("notice_receipt", "community_id"))
                .and(Expr::col(("household", "id")).equals(("notice_receipt", "household_id"))),
        )
        .to_owned()
        .join_place()
        .and_where(Expr::col(("notice_receipt", "notice_id")).eq(notice_id))
        .and_where(Expr::col(("notice_receipt", "read_at")).is_null())
        .cond_where(scope::starts_with(("notice_receipt", "grid_code"), prefix, false))
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .order_by(("notice_receipt", "household_id"), Order::Asc)
        .offset(offset)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(Unread {
                community_id: r.get("community_id")?,
                household_id: r.get("household_id")?,
                building: r.get("name")?,
                unit: r.get("unit")?,
                room: r.get("room")?,
            })
        })
        .collect()
}

/// One household's receipt of a notice, with its grid.
pub async fn receipt_of(
    db: &Db,
    notice_id: Uuid,
    community_id: &str,
    household_id: Uuid,
) -> Result<Option<(String, Receipt)>> {
    let q = Query::select()
        .columns(["community_id", "household_id", "grid_code", "read_at", "read_how"])
        .from("notice_receipt")
        .and_where(Expr::col("notice_id").eq(notice_id))
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("household_id").eq(household_id))
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| Ok((r.get("grid_code")?, receipt(&r)?))).transpose()
}

/// The accounts of residents living in the households a notice reached,
/// with their community: whose inbox hears of it.
pub async fn reached_accounts(db: &Db, notice_id: Uuid) -> Result<Vec<(String, Uuid)>> {
    let q = Query::select()
        .distinct()
        .column(("resident_link", "community_id"))
        .column(("resident_link", "account_id"))
        .from("notice_receipt")
        .inner_join(
            "person",
            Expr::col(("person", "community_id"))
                .equals(("notice_receipt", "community_id"))
                .and(Expr::col(("person", "household_id")).equals(("notice_receipt", "household_id"))),
        )
        .inner_join(
            "resident_link",
            Expr::col(("resident_link", "community_id"))
                .equals(("person", "community_id"))
                .and(Expr::col(("resident_link", "person_id")).equals(("person", "id"))),
        )
        .and_where(Expr::col(("notice_receipt", "notice_id")).eq(notice_id))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("community_id")?, r.get("account_id")?))).collect()
}

/// Notices showing at `now` whose readers' inboxes have not been told yet
/// (those set for a later time), oldest first.
pub async fn due_for_inbox(db: &Db, now: DateTime<Utc>, limit: u64) -> Result<Vec<NoticeRow>> {
    let q = NoticeRow::select()
        .and_where(Expr::col("inboxed_at").is_null())
        .cond_where(showing(now))
        .order_by("publish_at", Order::Asc)
        .limit(limit)
        .to_owned();
    NoticeRow::all(db, &q).await
}

/// Claims the telling of a notice's inboxes: true for the one caller that
/// gets it (a second server tells nobody twice).
pub async fn claim_inbox(tx: &mut Tx, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("notice")
        .value("inboxed_at", at)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("inboxed_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Takes a notice down now.
pub async fn withdraw(tx: &mut Tx, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("notice")
        .value("withdrawn_at", at)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("withdrawn_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

row! {
    table "notice_file";
    /// A file attached to a notice.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FileRow {
        /// The notice's region code.
        pub community_id: String,
        /// Identifier; also the stored file's name.
        pub id: Uuid,
        /// The notice.
        pub notice_id: Uuid,
        /// The name it is offered under.
        pub name: String,
        /// Bytes.
        pub size: i64,
        /// When.
        pub created_at: DateTime<Utc>,
    }
}

/// Records a notice's files.
pub async fn add_files(tx: &mut Tx, files: &[FileRow]) -> Result<()> {
    for f in files {
        tx.execute(&FileRow::insert().values_panic(f.values()).to_owned()).await?;
    }
    Ok(())
}

/// A notice's files, in the order attached.
pub async fn files(db: &Db, region: &str, notice: Uuid) -> Result<Vec<FileRow>> {
    let q = FileRow::select()
        .and_where(Expr::col("community_id").eq(region))
        .and_where(Expr::col("notice_id").eq(notice))
        .order_by("id", Order::Asc)
        .to_owned();
    FileRow::all(db, &q).await
}
