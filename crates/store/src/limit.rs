//! Rate limits counted in the database: one row per key (what is limited
//! and for whom), a fixed window and its count. Taking a slot is one
//! conditional upsert, so parallel requests — on any number of servers —
//! cannot slip past the limit.

use chrono::{DateTime, Duration, Utc};
use sea_query::{Cond, Expr, ExprTrait, OnConflict, Query};

use crate::{Db, Result};

/// Takes one slot of `key`'s window if fewer than `limit` were taken in
/// the window begun at most `window` ago (a window older than that starts
/// afresh at `now`). Returns whether the slot was granted; a refusal
/// changes nothing.
pub async fn take(db: &Db, key: &str, limit: i64, window: Duration, now: DateTime<Utc>) -> Result<bool> {
    let existing = |c: &'static str| Expr::col(("rate_window", c));
    let expired = Cond::all().add(existing("window_start").lte(now - window));
    let q = Query::insert()
        .into_table("rate_window")
        .columns(["key", "window_start", "count"])
        .values_panic([key.into(), now.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column("key")
                // Both right-hand sides read the row as it was.
                .value("count", Expr::case(expired.clone(), 1i64).finally(existing("count").add(1i64)))
                .value("window_start", Expr::case(expired.clone(), now).finally(existing("window_start")))
                .action_cond_where(Cond::any().add(expired).add(existing("count").lt(limit)))
                .to_owned(),
        )
        .returning_col("count")
        .to_owned();
    let mut tx = db.begin().await?;
    let granted = tx.fetch_optional(&q).await?.is_some();
    tx.commit().await?;
    Ok(granted)
}
