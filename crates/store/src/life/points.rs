//! Points: each person's balance, the lots it is made of and the entries
//! that say why it moved; the community's rules; the shop and its
//! exchanges; study items and who finished them.
//!
//! Every change of a person's points happens under their balance row's
//! lock ([`lock`]), so that two exchanges at once see each other.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "points_lot";
    /// Points earned at one time, and what is left of them.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LotRow {
        /// Identifier.
        pub id: Uuid,
        /// Whose.
        pub person_id: Uuid,
        /// As earned.
        pub amount: i64,
        /// Not yet spent or expired.
        pub remaining: i64,
        /// When.
        pub earned_at: DateTime<Utc>,
        /// When they expire (never: none).
        pub expires_at: Option<DateTime<Utc>>,
    }
}

row! {
    table "points_entry";
    /// A movement of a person's points, and why.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EntryRow {
        /// Identifier.
        pub id: Uuid,
        /// Whose.
        pub person_id: Uuid,
        /// Their community.
        pub community_id: String,
        /// When.
        pub at: DateTime<Utc>,
        /// How many, earned (+) or spent (−).
        pub delta: i64,
        /// The balance after it.
        pub balance_after: i64,
        /// Why, as a kind (study, exchange …).
        pub kind: String,
        /// Why, in words.
        pub reason: String,
        /// What earned or spent it, once.
        pub ref_key: Option<String>,
        /// Who made the change.
        pub by_name: String,
    }
}

row! {
    table "points_setting";
    /// A community's rules for points.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SettingRow {
        /// The community.
        pub community_id: String,
        /// For a study item.
        pub study: i64,
        /// For each confirmed hour.
        pub per_hour: i64,
        /// For attending an activity.
        pub activity: i64,
        /// The most earned in a day.
        pub daily_cap: i64,
        /// Months until points expire; 0 never.
        pub expire_months: i64,
        /// Days until an untaken wish is raised.
        pub raise_days: i64,
        /// Who set them.
        pub updated_by: String,
        /// When.
        pub updated_at: DateTime<Utc>,
    }
}

row! {
    table "shop_item";
    /// Something the points shop gives for points.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ShopItemRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// Name (大米 5 斤).
        pub name: String,
        /// More about it.
        pub about: String,
        /// What one costs.
        pub points: i64,
        /// How many are left.
        pub stock: i64,
        /// Who gave them.
        pub given_by: String,
        /// Offered now.
        pub active: bool,
        /// When it was added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "points_exchange";
    /// Points exchanged for items.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ExchangeRow {
        /// Identifier.
        pub id: Uuid,
        /// The community.
        pub community_id: String,
        /// The item.
        pub item_id: Uuid,
        /// Its name then.
        pub item_name: String,
        /// Whose points.
        pub person_id: Uuid,
        /// Their name.
        pub person_name: String,
        /// How many items.
        pub quantity: i64,
        /// How many points.
        pub points: i64,
        /// to_collect, collected, cancelled.
        pub status: String,
        /// Said at the counter to collect.
        pub code: String,
        /// Who made it.
        pub by_name: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// When it was collected or cancelled.
        pub closed_at: Option<DateTime<Utc>>,
        /// When the soonest of the points spent would have expired.
        pub refund_expires_at: Option<DateTime<Utc>>,
    }
}

row! {
    table "study_item";
    /// Something to read or listen to (有声党建, a policy) for points.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StudyItemRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// Title.
        pub title: String,
        /// The text (or the transcript of what is heard).
        pub body: String,
        /// How long it takes, in minutes.
        pub minutes: i64,
        /// What finishing it earns.
        pub points: i64,
        /// The secret its QR code carries.
        pub token: String,
        /// Offered now.
        pub active: bool,
        /// Who added it.
        pub created_by: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Its recording's type (有声党建), none for a text to read.
        pub audio_type: Option<String>,
        /// The recording's bytes.
        pub audio_size: Option<i64>,
        /// The recording's length.
        pub audio_seconds: Option<i64>,
    }
}

/// Locks a person's balance (making it at zero), returning it: every
/// change of their points holds this lock until it commits.
pub async fn lock(tx: &mut Tx, person: Uuid, community: &str, now: DateTime<Utc>) -> Result<i64> {
    let q = Query::insert()
        .into_table("points_account")
        .columns(["person_id", "community_id", "balance", "updated_at"])
        .values_panic([person.into(), community.into(), 0i64.into(), now.into()])
        .on_conflict(
            OnConflict::column("person_id")
                .value("balance", Expr::col(("points_account", "balance")))
                .value("updated_at", now)
                .to_owned(),
        )
        .returning_col("balance")
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "balance".into(),
        reason: "the balance returned no row".into(),
    })?;
    row.get("balance")
}

/// Sets a locked balance.
pub async fn set_balance(tx: &mut Tx, person: Uuid, balance: i64) -> Result<()> {
    let q = Query::update()
        .table("points_account")
        .value("balance", balance)
        .and_where(Expr::col("person_id").eq(person))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A person's balance (zero when they never had points).
pub async fn balance(db: &Db, person: Uuid) -> Result<i64> {
    let q = Query::select()
        .column("balance")
        .from("points_account")
        .and_where(Expr::col("person_id").eq(person))
        .to_owned();
    db.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("balance"))
}

/// The lots with points left, oldest first, inside the transaction.
pub async fn lots(tx: &mut Tx, person: Uuid) -> Result<Vec<LotRow>> {
    let q = LotRow::select()
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("remaining").gt(0))
        .order_by("earned_at", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    tx.fetch_all(&q).await?.iter().map(LotRow::from_row).collect()
}

/// Adds a lot.
pub async fn add_lot(tx: &mut Tx, lot: &LotRow) -> Result<()> {
    tx.execute(&LotRow::insert().values_panic(lot.values()).to_owned()).await?;
    Ok(())
}

/// Sets what is left of a lot.
pub async fn set_remaining(tx: &mut Tx, lot: Uuid, remaining: i64) -> Result<()> {
    let q =
        Query::update().table("points_lot").value("remaining", remaining).and_where(Expr::col("id").eq(lot)).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Adds an entry.
pub async fn add_entry(tx: &mut Tx, e: &EntryRow) -> Result<()> {
    tx.execute(&EntryRow::insert().values_panic(e.values()).to_owned()).await?;
    Ok(())
}

/// Whether something already earned or spent points (its key is taken).
pub async fn has_ref(tx: &mut Tx, key: &str) -> Result<bool> {
    let q = Query::select().expr(Expr::val(1)).from("points_entry").and_where(Expr::col("ref_key").eq(key)).to_owned();
    Ok(tx.fetch_optional(&q).await?.is_some())
}

/// What a person earned (study, hours, activities) since `from`.
pub async fn earned_since(tx: &mut Tx, person: Uuid, from: DateTime<Utc>) -> Result<i64> {
    let q = Query::select()
        .expr_as(Expr::cust("COALESCE(SUM(delta), 0)").cast_as("BIGINT"), "n")
        .from("points_entry")
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("at").gte(from))
        .and_where(Expr::col("kind").is_in(["study", "volunteer", "activity"]))
        .to_owned();
    tx.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))
}

/// A person's entries, newest first.
pub async fn entries(db: &Db, person: Uuid, limit: u64) -> Result<Vec<EntryRow>> {
    let q = EntryRow::select()
        .and_where(Expr::col("person_id").eq(person))
        .order_by("at", Order::Desc)
        .order_by("id", Order::Desc)
        .limit(limit)
        .to_owned();
    EntryRow::all(db, &q).await
}

/// The three views of a person's points, to check they agree: the
/// balance, the sum of what the lots hold, the sum of the entries.
pub async fn tally(db: &Db, person: Uuid) -> Result<(i64, i64, i64)> {
    let sum = |table: &'static str, col: &'static str| {
        Query::select()
            .expr_as(Expr::cust(format!("COALESCE(SUM({col}), 0)")).cast_as("BIGINT"), "n")
            .from(table)
            .and_where(Expr::col("person_id").eq(person))
            .to_owned()
    };
    let lots: i64 = db.fetch_optional(&sum("points_lot", "remaining")).await?.map_or(Ok(0), |r| r.get("n"))?;
    let entries: i64 = db.fetch_optional(&sum("points_entry", "delta")).await?.map_or(Ok(0), |r| r.get("n"))?;
    Ok((balance(db, person).await?, lots, entries))
}

/// People with points that have expired by `now` and not been taken off.
pub async fn with_expired(db: &Db, now: DateTime<Utc>, limit: u64) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .distinct()
        .column(("points_lot", "person_id"))
        .column(("points_account", "community_id"))
        .from("points_lot")
        .inner_join("points_account", Expr::col(("points_account", "person_id")).equals(("points_lot", "person_id")))
        .and_where(Expr::col(("points_lot", "remaining")).gt(0))
        .and_where(Expr::col(("points_lot", "expires_at")).lte(now))
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("person_id")?, r.get("community_id")?))).collect()
}

/// A community's rules, when set.
pub async fn setting(db: &Db, community: &str) -> Result<Option<SettingRow>> {
    SettingRow::one(db, &SettingRow::select_in(community)).await
}

/// Sets a community's rules.
pub async fn set_setting(tx: &mut Tx, s: &SettingRow) -> Result<()> {
    let q = SettingRow::insert()
        .values_panic(s.values())
        .on_conflict(
            OnConflict::column("community_id")
                .update_columns([
                    "study",
                    "per_hour",
                    "activity",
                    "daily_cap",
                    "expire_months",
                    "raise_days",
                    "updated_by",
                    "updated_at",
                ])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

// The shop.

/// Adds an item.
pub async fn add_item(tx: &mut Tx, i: &ShopItemRow) -> Result<()> {
    tx.execute(&ShopItemRow::insert().values_panic(i.values()).to_owned()).await?;
    Ok(())
}

/// One item.
pub async fn item(db: &Db, id: Uuid) -> Result<Option<ShopItemRow>> {
    ShopItemRow::one(db, &ShopItemRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The items of some communities, cheapest first.
pub async fn items(db: &Db, communities: &[String], active_only: bool) -> Result<Vec<ShopItemRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = ShopItemRow::select().cond_where(super::under("shop_item", communities)).to_owned();
    if active_only {
        q.and_where(Expr::col("active").eq(true));
    }
    ShopItemRow::all(db, &q.order_by("points", Order::Asc).order_by("name", Order::Asc).to_owned()).await
}

/// Changes an item's stock by `delta`, only if it stays at zero or above;
/// false otherwise (or when the item is not offered and `delta` takes).
pub async fn move_stock(tx: &mut Tx, item: Uuid, delta: i64) -> Result<bool> {
    let mut q = Query::update()
        .table("shop_item")
        .value("stock", Expr::col("stock").add(delta))
        .and_where(Expr::col("id").eq(item))
        .and_where(Expr::col("stock").add(delta).gte(0))
        .to_owned();
    if delta < 0 {
        q.and_where(Expr::col("active").eq(true));
    }
    Ok(tx.execute(&q).await? == 1)
}

/// Changes what an item is (name, about, cost, giver, offered).
pub async fn update_item(tx: &mut Tx, i: &ShopItemRow) -> Result<()> {
    let q = Query::update()
        .table("shop_item")
        .values([
            ("name", i.name.clone().into()),
            ("about", i.about.clone().into()),
            ("points", i.points.into()),
            ("given_by", i.given_by.clone().into()),
            ("active", i.active.into()),
        ])
        .and_where(Expr::col("id").eq(i.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Adds an exchange.
pub async fn add_exchange(tx: &mut Tx, e: &ExchangeRow) -> Result<()> {
    tx.execute(&ExchangeRow::insert().values_panic(e.values()).to_owned()).await?;
    Ok(())
}

/// One exchange.
pub async fn exchange(db: &Db, id: Uuid) -> Result<Option<ExchangeRow>> {
    ExchangeRow::one(db, &ExchangeRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// Closes an exchange waiting to be collected (collected or cancelled);
/// false when it was not waiting.
pub async fn close_exchange(tx: &mut Tx, id: Uuid, status: &str, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("points_exchange")
        .values([("status", status.into()), ("closed_at", now.into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq("to_collect"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Exchanges of some people, newest first.
pub async fn exchanges_of(db: &Db, people: &[Uuid], limit: u64) -> Result<Vec<ExchangeRow>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let q = ExchangeRow::select()
        .and_where(Expr::col("person_id").is_in(people.iter().copied()))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    ExchangeRow::all(db, &q).await
}

/// Exchanges waiting to be collected in some communities, oldest first.
pub async fn to_collect(db: &Db, communities: &[String], limit: u64) -> Result<Vec<ExchangeRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = ExchangeRow::select()
        .cond_where(super::under("points_exchange", communities))
        .and_where(Expr::col("status").eq("to_collect"))
        .order_by("created_at", Order::Asc)
        .limit(limit)
        .to_owned();
    ExchangeRow::all(db, &q).await
}

// Study items.

/// Adds a study item.
pub async fn add_study(tx: &mut Tx, s: &StudyItemRow) -> Result<()> {
    tx.execute(&StudyItemRow::insert().values_panic(s.values()).to_owned()).await?;
    Ok(())
}

/// One study item.
pub async fn study(db: &Db, id: Uuid) -> Result<Option<StudyItemRow>> {
    StudyItemRow::one(db, &StudyItemRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The study items of some communities, newest first.
pub async fn studies(db: &Db, communities: &[String]) -> Result<Vec<StudyItemRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = StudyItemRow::select()
        .cond_where(super::under("study_item", communities))
        .and_where(Expr::col("active").eq(true))
        .order_by("created_at", Order::Desc)
        .to_owned();
    StudyItemRow::all(db, &q).await
}

/// Notes that a person opened a study item (the first time counts).
pub async fn opened(tx: &mut Tx, item: Uuid, person: Uuid, at: DateTime<Utc>) -> Result<()> {
    let q = Query::insert()
        .into_table("study_done")
        .columns(["item_id", "person_id", "opened_at"])
        .values_panic([item.into(), person.into(), at.into()])
        .on_conflict(OnConflict::columns(["item_id", "person_id"]).do_nothing().to_owned())
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// When a person opened a study item, and when they finished it.
pub async fn study_state(db: &Db, item: Uuid, person: Uuid) -> Result<Option<(DateTime<Utc>, Option<DateTime<Utc>>)>> {
    let q = Query::select()
        .columns(["opened_at", "done_at"])
        .from("study_done")
        .and_where(Expr::col("item_id").eq(item))
        .and_where(Expr::col("person_id").eq(person))
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| Ok((r.get("opened_at")?, r.get("done_at")?))).transpose()
}

/// The study items some people finished.
pub async fn finished_by(db: &Db, people: &[Uuid]) -> Result<Vec<Uuid>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .column("item_id")
        .from("study_done")
        .and_where(Expr::col("person_id").is_in(people.iter().copied()))
        .and_where(Expr::col("done_at").is_not_null())
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("item_id")).collect()
}

/// Marks a study item finished (once); false when it was not opened at or
/// before `opened_by`, or was already finished.
pub async fn finish_study(
    tx: &mut Tx,
    item: Uuid,
    person: Uuid,
    opened_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let q = Query::update()
        .table("study_done")
        .value("done_at", now)
        .and_where(Expr::col("item_id").eq(item))
        .and_where(Expr::col("person_id").eq(person))
        .and_where(Expr::col("opened_at").lte(opened_by))
        .and_where(Expr::col("done_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
