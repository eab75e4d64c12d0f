//! Meter readings (抄表): one per house, metered fee item and period.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "meter_reading";
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
}

/// Records a reading unless the house has one for the period; false then.
pub async fn add_reading(tx: &mut Tx, r: &ReadingRow) -> Result<bool> {
    let q = ReadingRow::insert()
        .values_panic(r.values())
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

/// Metered use per house for a fee item's period: reading less previous.
pub async fn use_in_period(db: &Db, community_id: &str, fee_code: &str, period: &str) -> Result<HashMap<Uuid, i64>> {
    let readings = period_readings(db, community_id, fee_code, period).await?;
    Ok(readings.into_iter().map(|(house, (reading, previous))| (house, reading - previous)).collect())
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
