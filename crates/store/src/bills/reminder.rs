//! Payment reminders' daily count per community (催缴短信): the send holds
//! its community's row of the day from first read to commit, so that two
//! sends at once are counted one after the other and never pass the limit.

use sea_query::{Expr, ExprTrait, OnConflict, Query};

use crate::{Result, Tx};

const TABLE: &str = "reminder_quota";

/// The reminders a community has sent on a local day (`YYYY-MM-DD`), read
/// with its row locked until the transaction ends (made at 0 if new).
pub async fn sent_today_locked(tx: &mut Tx, community_id: &str, day: &str) -> Result<i64> {
    let q = Query::insert()
        .into_table(TABLE)
        .columns(["community_id", "day", "sent"])
        .values_panic([community_id.into(), day.into(), 0i64.into()])
        .on_conflict(OnConflict::columns(["community_id", "day"]).value("sent", Expr::col((TABLE, "sent"))).to_owned())
        .returning_col("sent")
        .to_owned();
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "sent".into(),
        reason: "the reminder count returned no row".into(),
    })?;
    row.get("sent")
}

/// Counts `n` more reminders of the day if that keeps within `limit`;
/// whether it did.
pub async fn count_sent(tx: &mut Tx, community_id: &str, day: &str, n: i64, limit: i64) -> Result<bool> {
    let q = Query::update()
        .table(TABLE)
        .value("sent", Expr::col("sent").add(n))
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("day").eq(day))
        .and_where(Expr::col("sent").add(n).lte(limit))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The reminders a community has sent on a local day (0 if none).
pub async fn sent_on(db: &crate::Db, community_id: &str, day: &str) -> Result<i64> {
    let q = Query::select()
        .column("sent")
        .from(TABLE)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("day").eq(day))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.map(|r| r.get::<i64>("sent")).transpose()?.unwrap_or(0))
}
