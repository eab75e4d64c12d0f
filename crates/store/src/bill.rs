//! Fee items, bills and payments as stored. A payment's money moves in one
//! conditional UPDATE, so two cashiers at once can never over-pay a bill.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Row, Tx};

/// A fee item of a community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItemRow {
    /// Community code.
    pub community_id: String,
    /// Code (WY 物业费, SF 水费 …).
    pub code: String,
    /// Name.
    pub name: String,
    /// area, metered or fixed.
    pub kind: String,
    /// Fen per m² per month, or per month.
    pub price: i64,
    /// Metered tiers, JSON.
    pub tiers: String,
    /// Unit of metered use.
    pub unit: String,
    /// Billed.
    pub active: bool,
}

const FEE_COLUMNS: [&str; 8] = ["community_id", "code", "name", "kind", "price", "tiers", "unit", "active"];

/// A community's fee items, by code.
pub async fn fee_items(db: &Db, community_id: &str) -> Result<Vec<FeeItemRow>> {
    let q = Query::select()
        .columns(FEE_COLUMNS)
        .from("fee_item")
        .and_where(Expr::col("community_id").eq(community_id))
        .order_by("code", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(FeeItemRow {
                community_id: r.get("community_id")?,
                code: r.get("code")?,
                name: r.get("name")?,
                kind: r.get("kind")?,
                price: r.get("price")?,
                tiers: r.get("tiers")?,
                unit: r.get("unit")?,
                active: r.get("active")?,
            })
        })
        .collect()
}

/// Adds a fee item or changes the one with its code.
pub async fn put_fee_item(tx: &mut Tx, f: &FeeItemRow) -> Result<()> {
    let q = Query::insert()
        .into_table("fee_item")
        .columns(FEE_COLUMNS)
        .values_panic([
            f.community_id.clone().into(),
            f.code.clone().into(),
            f.name.clone().into(),
            f.kind.clone().into(),
            f.price.into(),
            f.tiers.clone().into(),
            f.unit.clone().into(),
            f.active.into(),
        ])
        .on_conflict(
            OnConflict::columns(["community_id", "code"])
                .update_columns(["name", "kind", "price", "tiers", "unit", "active"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A house to bill: (house, area in hundredths of a m², building, unit, room).
pub type HouseToBill = (Uuid, i64, String, String, String);

/// The houses of a community, of one building, or one house.
pub async fn houses(
    db: &Db,
    community_id: &str,
    building: Option<Uuid>,
    house: Option<Uuid>,
) -> Result<Vec<HouseToBill>> {
    let mut q = Query::select()
        .expr_as(Expr::col(("house", "id")), "id")
        .column(("house", "area_cm2x100"))
        .expr_as(Expr::col(("building", "name")), "building")
        .column(("house", "unit"))
        .column(("house", "room"))
        .from("house")
        .inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .to_owned();
    if let Some(b) = building {
        q.and_where(Expr::col(("house", "building_id")).eq(b));
    }
    if let Some(h) = house {
        q.and_where(Expr::col(("house", "id")).eq(h));
    }
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("area_cm2x100")?, r.get("building")?, r.get("unit")?, r.get("room")?)))
        .collect()
}

/// A bill as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// The house.
    pub house_id: Uuid,
    /// The fee item.
    pub fee_code: String,
    /// YYYY-MM.
    pub period: String,
    /// Charged, fen.
    pub amount: i64,
    /// Paid in, fen.
    pub paid: i64,
    /// Given back, fen.
    pub refunded: i64,
    /// Waived, fen.
    pub waived: i64,
    /// How it was computed.
    pub detail: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

const BILL_COLUMNS: [&str; 12] = [
    "community_id",
    "id",
    "house_id",
    "fee_code",
    "period",
    "amount",
    "paid",
    "refunded",
    "waived",
    "detail",
    "created_at",
    "updated_at",
];

fn bill(r: &Row) -> Result<BillRow> {
    Ok(BillRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        house_id: r.get("house_id")?,
        fee_code: r.get("fee_code")?,
        period: r.get("period")?,
        amount: r.get("amount")?,
        paid: r.get("paid")?,
        refunded: r.get("refunded")?,
        waived: r.get("waived")?,
        detail: r.get("detail")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Adds bills, leaving out any a house already has for its fee item and
/// period; returns how many were added.
pub async fn add_bills(tx: &mut Tx, bills: &[BillRow]) -> Result<u64> {
    let mut added = 0;
    for chunk in bills.chunks(1000) {
        let mut q = Query::insert().into_table("bill").columns(BILL_COLUMNS).to_owned();
        for b in chunk {
            q.values_panic([
                b.community_id.clone().into(),
                b.id.into(),
                b.house_id.into(),
                b.fee_code.clone().into(),
                b.period.clone().into(),
                b.amount.into(),
                b.paid.into(),
                b.refunded.into(),
                b.waived.into(),
                b.detail.clone().into(),
                b.created_at.into(),
                b.updated_at.into(),
            ]);
        }
        q.on_conflict(OnConflict::columns(["community_id", "house_id", "fee_code", "period"]).do_nothing().to_owned());
        added += tx.execute(&q).await?;
    }
    Ok(added)
}

/// A house's bills, newest period first.
pub async fn bills_of_house(db: &Db, community_id: &str, house: Uuid) -> Result<Vec<BillRow>> {
    let q = Query::select()
        .columns(BILL_COLUMNS)
        .from("bill")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("house_id").eq(house))
        .order_by("period", Order::Desc)
        .order_by("fee_code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(bill).collect()
}

/// The scope condition for rows of `table` that name a house (`bill`,
/// `payment`): the house's building lies in a grid under one of
/// `prefixes` (a caller's scope). Callers return early on an empty scope.
fn house_in_scope(table: &'static str, prefixes: &[String]) -> sea_query::Cond {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("house")
        .inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
        .and_where(Expr::col(("house", "community_id")).equals((table, "community_id")))
        .and_where(Expr::col(("house", "id")).equals((table, "house_id")))
        .cond_where(crate::registry::in_scope(prefixes))
        .to_owned();
    sea_query::Cond::all().add(Expr::exists(q))
}

/// Whether a house of a community lies in the scope of `prefixes`.
pub async fn house_visible(db: &Db, prefixes: &[String], community_id: &str, house: Uuid) -> Result<bool> {
    if prefixes.is_empty() {
        return Ok(false);
    }
    let q = Query::select()
        .column(("house", "id"))
        .from("house")
        .inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .and_where(Expr::col(("house", "id")).eq(house))
        .cond_where(crate::registry::in_scope(prefixes))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

/// A house's bills, newest period first, only if the house lies in the
/// scope of `prefixes`.
pub async fn bills_of_house_under(
    db: &Db,
    prefixes: &[String],
    community_id: &str,
    house: Uuid,
) -> Result<Vec<BillRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(BILL_COLUMNS)
        .from("bill")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("house_id").eq(house))
        .cond_where(house_in_scope("bill", prefixes))
        .order_by("period", Order::Desc)
        .order_by("fee_code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(bill).collect()
}

/// A bill of a community.
pub async fn bill_by_id(db: &Db, community_id: &str, id: Uuid) -> Result<Option<BillRow>> {
    let q = Query::select()
        .columns(BILL_COLUMNS)
        .from("bill")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(bill).transpose()
}

/// Moves `amount` fen into a bill, only if that much is still owed, and
/// returns the bill as it now is; none when it is not owed (someone paid
/// meanwhile).
pub async fn pay_into(
    tx: &mut Tx,
    community_id: &str,
    bill_id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<Option<BillRow>> {
    let owed = Expr::col("amount").sub(Expr::col("waived")).sub(Expr::col("paid")).add(Expr::col("refunded"));
    let q = Query::update()
        .table("bill")
        .value("paid", Expr::col("paid").add(amount))
        .value("updated_at", now)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(bill_id))
        .and_where(owed.gte(amount))
        .returning(Query::returning().columns(BILL_COLUMNS))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(bill).transpose()
}

/// A payment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// The bill.
    pub bill_id: Uuid,
    /// Its house.
    pub house_id: Uuid,
    /// Fen.
    pub amount: i64,
    /// cash, card, kiosk, online.
    pub channel: String,
    /// The client's key.
    pub idempotency_key: String,
    /// Receipt number.
    pub receipt_no: String,
    /// Who took it.
    pub taken_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

const PAYMENT_COLUMNS: [&str; 10] = [
    "community_id",
    "id",
    "bill_id",
    "house_id",
    "amount",
    "channel",
    "idempotency_key",
    "receipt_no",
    "taken_by",
    "created_at",
];

fn payment(r: &Row) -> Result<PaymentRow> {
    Ok(PaymentRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        bill_id: r.get("bill_id")?,
        house_id: r.get("house_id")?,
        amount: r.get("amount")?,
        channel: r.get("channel")?,
        idempotency_key: r.get("idempotency_key")?,
        receipt_no: r.get("receipt_no")?,
        taken_by: r.get("taken_by")?,
        created_at: r.get("created_at")?,
    })
}

/// Records payments together, leaving out any whose key was used before;
/// returns how many were recorded.
pub async fn add_payments(tx: &mut Tx, payments: &[PaymentRow]) -> Result<u64> {
    let mut added = 0;
    for chunk in payments.chunks(500) {
        let mut q = Query::insert().into_table("payment").columns(PAYMENT_COLUMNS).to_owned();
        for p in chunk {
            q.values_panic([
                p.community_id.clone().into(),
                p.id.into(),
                p.bill_id.into(),
                p.house_id.into(),
                p.amount.into(),
                p.channel.clone().into(),
                p.idempotency_key.clone().into(),
                p.receipt_no.clone().into(),
                p.taken_by.clone().into(),
                p.created_at.into(),
            ]);
        }
        q.on_conflict(OnConflict::columns(["community_id", "idempotency_key"]).do_nothing().to_owned());
        added += tx.execute(&q).await?;
    }
    Ok(added)
}

/// Which of these keys a community's payments have used, read inside the
/// writing transaction.
pub async fn keys_used(tx: &mut Tx, community_id: &str, keys: &[&str]) -> Result<Vec<String>> {
    let mut used = Vec::new();
    for chunk in keys.chunks(500) {
        let q = Query::select()
            .column("idempotency_key")
            .from("payment")
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col("idempotency_key").is_in(chunk.iter().copied()))
            .to_owned();
        for r in tx.fetch_all(&q).await? {
            used.push(r.get("idempotency_key")?);
        }
    }
    Ok(used)
}

/// A community's bills by id, read inside the writing transaction.
pub async fn bills_in_tx(tx: &mut Tx, community_id: &str, ids: &[Uuid]) -> Result<Vec<BillRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .columns(BILL_COLUMNS)
            .from("bill")
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .to_owned();
        for r in tx.fetch_all(&q).await? {
            out.push(bill(&r)?);
        }
    }
    Ok(out)
}

/// The payment made with a key.
pub async fn payment_by_key(db: &Db, community_id: &str, key: &str) -> Result<Option<PaymentRow>> {
    let q = Query::select()
        .columns(PAYMENT_COLUMNS)
        .from("payment")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("idempotency_key").eq(key))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(payment).transpose()
}

/// A payment by its receipt number.
pub async fn payment_by_receipt(db: &Db, receipt_no: &str) -> Result<Option<PaymentRow>> {
    let q = Query::select()
        .columns(PAYMENT_COLUMNS)
        .from("payment")
        .and_where(Expr::col("receipt_no").eq(receipt_no))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(payment).transpose()
}

/// A payment by its receipt number, only if its house lies in the scope of
/// `prefixes`.
pub async fn payment_by_receipt_under(db: &Db, prefixes: &[String], receipt_no: &str) -> Result<Option<PaymentRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = Query::select()
        .columns(PAYMENT_COLUMNS)
        .from("payment")
        .and_where(Expr::col("receipt_no").eq(receipt_no))
        .cond_where(house_in_scope("payment", prefixes))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(payment).transpose()
}

/// A bill's payments, oldest first.
pub async fn payments_of_bill(db: &Db, community_id: &str, bill: Uuid) -> Result<Vec<PaymentRow>> {
    let q = Query::select()
        .columns(PAYMENT_COLUMNS)
        .from("payment")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("bill_id").eq(bill))
        .order_by("created_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(payment).collect()
}

/// Takes `n` receipt numbers of a community's year (1, 2, …) inside the
/// payments' transaction, so that numbers have no gaps; returns the last.
pub async fn take_receipts(tx: &mut Tx, community_id: &str, year: i32, n: i64) -> Result<i64> {
    let q = Query::insert()
        .into_table("receipt_counter")
        .columns(["community_id", "year", "next"])
        .values_panic([community_id.into(), i64::from(year).into(), n.into()])
        .on_conflict(
            OnConflict::columns(["community_id", "year"])
                .value("next", Expr::col(("receipt_counter", "next")).add(n))
                .to_owned(),
        )
        .returning_col("next")
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "next".into(),
        reason: "the receipt counter returned no row".into(),
    })?;
    row.get("next")
}

/// Metered use per house for a fee item's period: reading less previous.
pub async fn use_in_period(db: &Db, community_id: &str, fee_code: &str, period: &str) -> Result<HashMap<Uuid, i64>> {
    let q = Query::select()
        .columns(["house_id", "reading", "previous"])
        .from("meter_reading")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").eq(period))
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("house_id")?, r.get::<i64>("reading")? - r.get::<i64>("previous")?)))
        .collect()
}

/// Each house's reading of a fee item's period: (reading, previous).
pub async fn period_readings(
    db: &Db,
    community_id: &str,
    fee_code: &str,
    period: &str,
) -> Result<HashMap<Uuid, (i64, i64)>> {
    let q = Query::select()
        .columns(["house_id", "reading", "previous"])
        .from("meter_reading")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").eq(period))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("house_id")?, (r.get("reading")?, r.get("previous")?)))).collect()
}

/// Each house's last reading of a fee item before a period: (period, reading).
pub async fn last_readings_before(
    db: &Db,
    community_id: &str,
    fee_code: &str,
    period: &str,
) -> Result<HashMap<Uuid, (String, i64)>> {
    let q = Query::select()
        .columns(["house_id", "period", "reading"])
        .from("meter_reading")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").lt(period))
        .to_owned();
    let mut last: HashMap<Uuid, (String, i64)> = HashMap::new();
    for r in db.fetch_all(&q).await? {
        let (house, p, reading): (Uuid, String, i64) = (r.get("house_id")?, r.get("period")?, r.get("reading")?);
        if last.get(&house).is_none_or(|(seen, _)| *seen < p) {
            last.insert(house, (p, reading));
        }
    }
    Ok(last)
}

/// A community's buildings: (id, name), by name.
pub async fn buildings(db: &Db, community_id: &str) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["id", "name"])
        .from("building")
        .and_where(Expr::col("community_id").eq(community_id))
        .to_owned();
    let mut out: Vec<(Uuid, String)> =
        db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect::<Result<_>>()?;
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The house a household lives in.
pub async fn house_of_household(db: &Db, community_id: &str, household: Uuid) -> Result<Option<Uuid>> {
    let q = Query::select()
        .column("house_id")
        .from("household")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(household))
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("house_id")).transpose()
}

/// A meter reading as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// The house.
    pub house_id: Uuid,
    /// The metered fee item.
    pub fee_code: String,
    /// YYYY-MM.
    pub period: String,
    /// What the meter shows, hundredths of a unit.
    pub reading: i64,
    /// What the use counts from.
    pub previous: i64,
    /// A new meter was fitted.
    pub meter_change: bool,
    /// Who read it.
    pub read_by: String,
    /// When.
    pub read_at: DateTime<Utc>,
}

const READING_COLUMNS: [&str; 10] = [
    "community_id",
    "id",
    "house_id",
    "fee_code",
    "period",
    "reading",
    "previous",
    "meter_change",
    "read_by",
    "read_at",
];

/// Records a reading unless the house has one for the period; false then.
pub async fn add_reading(tx: &mut Tx, r: &ReadingRow) -> Result<bool> {
    let q = Query::insert()
        .into_table("meter_reading")
        .columns(READING_COLUMNS)
        .values_panic([
            r.community_id.clone().into(),
            r.id.into(),
            r.house_id.into(),
            r.fee_code.clone().into(),
            r.period.clone().into(),
            r.reading.into(),
            r.previous.into(),
            r.meter_change.into(),
            r.read_by.clone().into(),
            r.read_at.into(),
        ])
        .on_conflict(OnConflict::columns(["community_id", "house_id", "fee_code", "period"]).do_nothing().to_owned())
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A house's latest reading of a fee item before a period: (period, reading).
pub async fn reading_before(
    db: &Db,
    community_id: &str,
    house: Uuid,
    fee_code: &str,
    period: &str,
) -> Result<Option<(String, i64)>> {
    let q = Query::select()
        .columns(["period", "reading"])
        .from("meter_reading")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("house_id").eq(house))
        .and_where(Expr::col("fee_code").eq(fee_code))
        .and_where(Expr::col("period").lt(period))
        .order_by("period", Order::Desc)
        .limit(1)
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| Ok((r.get("period")?, r.get("reading")?))).transpose()
}

/// An online order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// Community code.
    pub community_id: String,
    /// Order number, unique everywhere (what the provider knows).
    pub order_no: String,
    /// The bill.
    pub bill_id: Uuid,
    /// Fen.
    pub amount: i64,
    /// The provider (`sim` locally).
    pub provider: String,
    /// created, paid.
    pub state: String,
    /// The provider's transaction id.
    pub provider_txn: Option<String>,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Paid at.
    pub paid_at: Option<DateTime<Utc>>,
    /// Where it was placed: online (a resident's phone) or kiosk.
    pub channel: String,
}

const ORDER_COLUMNS: [&str; 11] = [
    "community_id",
    "order_no",
    "bill_id",
    "amount",
    "provider",
    "state",
    "provider_txn",
    "created_by",
    "created_at",
    "paid_at",
    "channel",
];

/// Stores a new order.
pub async fn add_order(tx: &mut Tx, o: &OrderRow) -> Result<()> {
    let q = Query::insert()
        .into_table("pay_order")
        .columns(ORDER_COLUMNS)
        .values_panic([
            o.community_id.clone().into(),
            o.order_no.clone().into(),
            o.bill_id.into(),
            o.amount.into(),
            o.provider.clone().into(),
            o.state.clone().into(),
            o.provider_txn.clone().into(),
            o.created_by.clone().into(),
            o.created_at.into(),
            o.paid_at.into(),
            o.channel.clone().into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// An order by number.
pub async fn order(db: &Db, order_no: &str) -> Result<Option<OrderRow>> {
    let q = Query::select()
        .columns(ORDER_COLUMNS)
        .from("pay_order")
        .and_where(Expr::col("order_no").eq(order_no))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(order_row).transpose()
}

fn order_row(r: &Row) -> Result<OrderRow> {
    Ok(OrderRow {
        community_id: r.get("community_id")?,
        order_no: r.get("order_no")?,
        bill_id: r.get("bill_id")?,
        amount: r.get("amount")?,
        provider: r.get("provider")?,
        state: r.get("state")?,
        provider_txn: r.get("provider_txn")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        paid_at: r.get("paid_at")?,
        channel: r.get("channel")?,
    })
}

/// What the local provider charged for an order (its own ledger, from
/// which its daily statement is made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRow {
    /// linli's order number.
    pub order_no: String,
    /// The provider's transaction id.
    pub txn: String,
    /// Fen.
    pub amount: i64,
    /// When.
    pub charged_at: DateTime<Utc>,
}

fn charge(r: &Row) -> Result<ChargeRow> {
    Ok(ChargeRow {
        order_no: r.get("order_no")?,
        txn: r.get("txn")?,
        amount: r.get("amount")?,
        charged_at: r.get("charged_at")?,
    })
}

/// Records a charge once per order; returns the order's charge (the first).
pub async fn add_charge(tx: &mut Tx, c: &ChargeRow) -> Result<ChargeRow> {
    let q = Query::insert()
        .into_table("sim_charge")
        .columns(["order_no", "txn", "amount", "charged_at"])
        .values_panic([c.order_no.clone().into(), c.txn.clone().into(), c.amount.into(), c.charged_at.into()])
        .on_conflict(OnConflict::column("order_no").do_nothing().to_owned())
        .to_owned();
    tx.execute(&q).await?;
    let q = Query::select()
        .columns(["order_no", "txn", "amount", "charged_at"])
        .from("sim_charge")
        .and_where(Expr::col("order_no").eq(c.order_no.as_str()))
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "order_no".into(),
        reason: "the charge was not recorded".into(),
    })?;
    charge(&row)
}

/// The local provider's charges between two instants, in order.
pub async fn charges_between(db: &Db, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> Result<Vec<ChargeRow>> {
    let q = Query::select()
        .columns(["order_no", "txn", "amount", "charged_at"])
        .from("sim_charge")
        .and_where(Expr::col("charged_at").gte(from))
        .and_where(Expr::col("charged_at").lt(to))
        .order_by("charged_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(charge).collect()
}

/// A community's orders by number.
pub async fn orders_by_no(db: &Db, community_id: &str, numbers: &[String]) -> Result<Vec<OrderRow>> {
    let mut out = Vec::new();
    for chunk in numbers.chunks(500) {
        let q = Query::select()
            .columns(ORDER_COLUMNS)
            .from("pay_order")
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col("order_no").is_in(chunk.iter().cloned()))
            .to_owned();
        for r in db.fetch_all(&q).await? {
            out.push(order_row(&r)?);
        }
    }
    Ok(out)
}

/// A community's orders a provider paid between two instants.
pub async fn orders_paid_between(
    db: &Db,
    community_id: &str,
    provider: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<OrderRow>> {
    let q = Query::select()
        .columns(ORDER_COLUMNS)
        .from("pay_order")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("provider").eq(provider))
        .and_where(Expr::col("state").eq("paid"))
        .and_where(Expr::col("paid_at").gte(from))
        .and_where(Expr::col("paid_at").lt(to))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(order_row).collect()
}

/// A community's payments between two instants, in order.
pub async fn payments_between(
    db: &Db,
    community_id: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<PaymentRow>> {
    let q = Query::select()
        .columns(PAYMENT_COLUMNS)
        .from("payment")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("created_at").gte(from))
        .and_where(Expr::col("created_at").lt(to))
        .order_by("created_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(payment).collect()
}

/// Marks an order paid (once; later calls change nothing).
pub async fn order_paid(tx: &mut Tx, order_no: &str, txn: &str, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("pay_order")
        .value("state", "paid")
        .value("provider_txn", txn)
        .value("paid_at", at)
        .and_where(Expr::col("order_no").eq(order_no))
        .and_where(Expr::col("state").eq("created"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A resident identified at a kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskSessionRow {
    /// Community code.
    pub community_id: String,
    /// Identifier (in the kiosk's URLs).
    pub id: Uuid,
    /// The household whose bills it shows.
    pub household_id: Uuid,
    /// id_number or phone.
    pub method: String,
    /// The phone the code went to, sealed.
    pub phone_sealed: Option<String>,
    /// Keyed hash of the one-time code.
    pub code_hash: Option<String>,
    /// Wrong codes tried.
    pub attempts: i64,
    /// The kiosk's token name.
    pub device: String,
    /// Started.
    pub created_at: DateTime<Utc>,
    /// Ends.
    pub expires_at: DateTime<Utc>,
    /// When the resident was verified.
    pub verified_at: Option<DateTime<Utc>>,
}

const KIOSK_COLUMNS: [&str; 11] = [
    "community_id",
    "id",
    "household_id",
    "method",
    "phone_sealed",
    "code_hash",
    "attempts",
    "device",
    "created_at",
    "expires_at",
    "verified_at",
];

/// Starts a kiosk session.
pub async fn add_kiosk_session(tx: &mut Tx, k: &KioskSessionRow) -> Result<()> {
    let q = Query::insert()
        .into_table("kiosk_session")
        .columns(KIOSK_COLUMNS)
        .values_panic([
            k.community_id.clone().into(),
            k.id.into(),
            k.household_id.into(),
            k.method.clone().into(),
            k.phone_sealed.clone().into(),
            k.code_hash.clone().into(),
            k.attempts.into(),
            k.device.clone().into(),
            k.created_at.into(),
            k.expires_at.into(),
            k.verified_at.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A kiosk session by id.
pub async fn kiosk_session(db: &Db, id: Uuid) -> Result<Option<KioskSessionRow>> {
    let q = Query::select().columns(KIOSK_COLUMNS).from("kiosk_session").and_where(Expr::col("id").eq(id)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(kiosk_row).transpose()
}

fn kiosk_row(r: &Row) -> Result<KioskSessionRow> {
    Ok(KioskSessionRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        household_id: r.get("household_id")?,
        method: r.get("method")?,
        phone_sealed: r.get("phone_sealed")?,
        code_hash: r.get("code_hash")?,
        attempts: r.get("attempts")?,
        device: r.get("device")?,
        created_at: r.get("created_at")?,
        expires_at: r.get("expires_at")?,
        verified_at: r.get("verified_at")?,
    })
}

/// Hands a session staff opened for a resident to the kiosk that is given
/// its code: once, before it ends, to one device.
pub async fn claim_assisted(
    tx: &mut Tx,
    code_hashes: &[String],
    device: &str,
    now: DateTime<Utc>,
) -> Result<Option<KioskSessionRow>> {
    let q = Query::update()
        .table("kiosk_session")
        .value("device", device)
        .value("verified_at", now)
        .and_where(Expr::col("method").eq("staff"))
        .and_where(Expr::col("device").eq(""))
        .and_where(Expr::col("expires_at").gt(now))
        .and_where(Expr::col("code_hash").is_in(code_hashes.iter().cloned()))
        .returning(Query::returning().columns(KIOSK_COLUMNS))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(kiosk_row).transpose()
}

/// Counts a try at a session's code if fewer than `max` were made; false
/// when they are used up. One statement: parallel tries cannot pass `max`.
pub async fn kiosk_try(db: &Db, id: Uuid, max: i64) -> Result<bool> {
    let q = Query::update()
        .table("kiosk_session")
        .value("attempts", Expr::col("attempts").add(1))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("attempts").lt(max))
        .to_owned();
    Ok(db.execute(&q).await? == 1)
}

/// Marks a session's resident identified.
pub async fn kiosk_verified(db: &Db, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    db.execute(
        &Query::update().table("kiosk_session").value("verified_at", at).and_where(Expr::col("id").eq(id)).to_owned(),
    )
    .await?;
    Ok(())
}

/// A waiver or refund as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// The bill.
    pub bill_id: Uuid,
    /// waive or refund.
    pub kind: String,
    /// Fen.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// The account that asked.
    pub requested_by: Uuid,
    /// Its label.
    pub requested_label: String,
    /// requested, approved, rejected.
    pub state: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Asked at.
    pub created_at: DateTime<Utc>,
    /// Decided at.
    pub decided_at: Option<DateTime<Utc>>,
}

const ADJUSTMENT_COLUMNS: [&str; 12] = [
    "community_id",
    "id",
    "bill_id",
    "kind",
    "amount",
    "reason",
    "requested_by",
    "requested_label",
    "state",
    "decided_by",
    "created_at",
    "decided_at",
];

fn adjustment(r: &Row) -> Result<AdjustmentRow> {
    Ok(AdjustmentRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        bill_id: r.get("bill_id")?,
        kind: r.get("kind")?,
        amount: r.get("amount")?,
        reason: r.get("reason")?,
        requested_by: r.get("requested_by")?,
        requested_label: r.get("requested_label")?,
        state: r.get("state")?,
        decided_by: r.get("decided_by")?,
        created_at: r.get("created_at")?,
        decided_at: r.get("decided_at")?,
    })
}

/// Records a request.
pub async fn add_adjustment(tx: &mut Tx, a: &AdjustmentRow) -> Result<()> {
    let q = Query::insert()
        .into_table("bill_adjustment")
        .columns(ADJUSTMENT_COLUMNS)
        .values_panic([
            a.community_id.clone().into(),
            a.id.into(),
            a.bill_id.into(),
            a.kind.clone().into(),
            a.amount.into(),
            a.reason.clone().into(),
            a.requested_by.into(),
            a.requested_label.clone().into(),
            a.state.clone().into(),
            a.decided_by.clone().into(),
            a.created_at.into(),
            a.decided_at.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A community's adjustments, optionally in one state, newest first.
pub async fn adjustments(db: &Db, community_id: &str, state: Option<&str>) -> Result<Vec<AdjustmentRow>> {
    let mut q = Query::select()
        .columns(ADJUSTMENT_COLUMNS)
        .from("bill_adjustment")
        .and_where(Expr::col("community_id").eq(community_id))
        .order_by("created_at", Order::Desc)
        .limit(500)
        .to_owned();
    if let Some(s) = state {
        q.and_where(Expr::col("state").eq(s));
    }
    db.fetch_all(&q).await?.iter().map(adjustment).collect()
}

/// Decides a request still open; false if someone decided it first.
pub async fn decide_adjustment(tx: &mut Tx, a: &AdjustmentRow) -> Result<bool> {
    let q = Query::update()
        .table("bill_adjustment")
        .value("state", a.state.clone())
        .value("decided_by", a.decided_by.clone())
        .value("decided_at", a.decided_at)
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.id))
        .and_where(Expr::col("state").eq("requested"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Applies an approved waiver (only up to what is owed) or refund (only up
/// to what was paid and kept); false when the bill no longer allows it.
pub async fn adjust_bill(tx: &mut Tx, a: &AdjustmentRow, now: DateTime<Utc>) -> Result<bool> {
    let (column, room) = if a.kind == "waive" {
        ("waived", Expr::col("amount").sub(Expr::col("waived")).sub(Expr::col("paid")).add(Expr::col("refunded")))
    } else {
        ("refunded", Expr::col("paid").sub(Expr::col("refunded")))
    };
    let q = Query::update()
        .table("bill")
        .value(column, Expr::col(column).add(a.amount))
        .value("updated_at", now)
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.bill_id))
        .and_where(room.gte(a.amount))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A house that owes money: its place and what it owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearRow {
    /// The house.
    pub house_id: Uuid,
    /// Building name.
    pub building: String,
    /// The building's grid.
    pub grid_code: String,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
    /// Owed in all, fen.
    pub owed: i64,
    /// Bills not settled.
    pub bills: i64,
    /// The oldest unsettled period.
    pub since: String,
}

/// Houses of a community (under a grid, if given) with bills still owed,
/// most owed first.
pub async fn arrears(db: &Db, community_id: &str, grid: Option<&str>) -> Result<Vec<ArrearRow>> {
    let owed = Expr::col(("bill", "amount"))
        .sub(Expr::col(("bill", "waived")))
        .sub(Expr::col(("bill", "paid")))
        .add(Expr::col(("bill", "refunded")));
    let mut q = Query::select()
        .expr_as(Expr::col(("bill", "house_id")), "house_id")
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(sea_query::Func::sum(owed.clone()).cast_as("BIGINT"), "owed")
        .expr_as(Expr::cust("COUNT(*)").cast_as("BIGINT"), "bills")
        .expr_as(Expr::col(("bill", "period")).min(), "since")
        .from("bill")
        .inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("bill", "community_id"))
                .and(Expr::col(("house", "id")).equals(("bill", "house_id"))),
        )
        .inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
        .and_where(Expr::col(("bill", "community_id")).eq(community_id))
        .and_where(owed.gt(0))
        .group_by_col(("bill", "house_id"))
        .group_by_col(("building", "name"))
        .group_by_col(("building", "grid_code"))
        .group_by_col(("house", "unit"))
        .group_by_col(("house", "room"))
        .to_owned();
    if let Some(g) = grid {
        q.cond_where(crate::event::starts_with(("building", "grid_code"), g, false));
    }
    let mut rows = db
        .fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(ArrearRow {
                house_id: r.get("house_id")?,
                building: r.get("building")?,
                grid_code: r.get("grid_code")?,
                unit: r.get("unit")?,
                room: r.get("room")?,
                owed: r.get("owed")?,
                bills: r.get("bills")?,
                since: r.get("since")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    rows.sort_by(|a, b| b.owed.cmp(&a.owed).then_with(|| (&a.building, &a.room).cmp(&(&b.building, &b.room))));
    Ok(rows)
}

/// The people with a phone in the households living in a house: (person, name).
pub async fn reachable_in_house(db: &Db, community_id: &str, house: Uuid) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .expr_as(Expr::col(("person", "id")), "id")
        .expr_as(Expr::col(("person", "name")), "name")
        .from("person")
        .inner_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("person", "community_id"))
                .and(Expr::col(("household", "id")).equals(("person", "household_id"))),
        )
        .and_where(Expr::col(("person", "community_id")).eq(community_id))
        .and_where(Expr::col(("household", "house_id")).eq(house))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .and_where(Expr::col(("person", "phone_sealed")).is_not_null())
        .order_by(("person", "birth_month"), Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}

/// A person's sealed phone (to deliver a message addressed to them).
pub async fn person_phone(db: &Db, community_id: &str, person: Uuid) -> Result<Option<String>> {
    let q = Query::select()
        .column("phone_sealed")
        .from("person")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(person))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.map(|r| r.get("phone_sealed")).transpose()?.flatten())
}

/// Who in a community has had a message with this subject since a moment
/// (a reminder is sent once a day).
pub async fn notified_since(
    db: &Db,
    community_id: &str,
    subject: &str,
    since: DateTime<Utc>,
) -> Result<std::collections::HashSet<String>> {
    let q = Query::select()
        .column("recipient")
        .from("notification")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("subject").eq(subject))
        .and_where(Expr::col("created_at").gte(since))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("recipient")).collect()
}
