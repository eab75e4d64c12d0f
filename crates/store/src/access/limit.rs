//! Rate-limit buckets: how many times something was tried in its current
//! window. A hit is counted and its new count returned in one statement
//! (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), so that however many
//! requests arrive at once, each sees a different count and no more than
//! the limit see a count within it. Both engines run the same statement.

use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_query::{Expr, ExprTrait, OnConflict, Query};

use crate::{Db, Result};

const TABLE: &str = "rate_limit";

/// A bucket's count after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Hits in the current window, this one included.
    pub n: i64,
    /// When the current window began (its first hit).
    pub window_start: DateTime<Utc>,
}

/// Microseconds: what both engines store exactly, so that a window's start
/// read back compares equal to the one written.
fn exact(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::microseconds(1)).unwrap_or(at)
}

/// Counts one hit on `bucket` and returns its count. A window lasts
/// `window` from its first hit; a hit after that starts a new window at 1.
/// Committed at once: a parallel request sees it.
pub async fn hit(db: &Db, bucket: &str, now: DateTime<Utc>, window: Duration) -> Result<Count> {
    let now = exact(now);
    let expired = Expr::col((TABLE, "window_start")).lte(now - window);
    let q = Query::insert()
        .into_table(TABLE)
        .columns(["bucket", "window_start", "n"])
        .values_panic([bucket.into(), now.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column("bucket")
                .value("n", Expr::case(expired.clone(), 1i64).finally(Expr::col((TABLE, "n")).add(1i64)))
                .value("window_start", Expr::case(expired, now).finally(Expr::col((TABLE, "window_start"))))
                .to_owned(),
        )
        .returning(Query::returning().columns(["n", "window_start"]))
        .to_owned();
    let mut tx = db.begin().await?;
    let row = tx.fetch_optional(&q).await?.ok_or_else(|| crate::Error::Decode {
        column: "n".into(),
        reason: "the rate-limit counter returned no row".into(),
    })?;
    tx.commit().await?;
    Ok(Count { n: row.get("n")?, window_start: row.get("window_start")? })
}

/// Takes back one hit of the window that `count` was in (an attempt that
/// turned out not to count, such as a correct password). Nothing happens
/// when that window has already given way to a new one.
pub async fn give_back(db: &Db, bucket: &str, count: Count) -> Result<()> {
    let q = Query::update()
        .table(TABLE)
        .value("n", Expr::col("n").sub(1i64))
        .and_where(Expr::col("bucket").eq(bucket))
        .and_where(Expr::col("window_start").eq(count.window_start))
        .and_where(Expr::col("n").gt(0i64))
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// The count of `bucket` in its current window, without counting (0 when
/// it has none).
pub async fn peek(db: &Db, bucket: &str, now: DateTime<Utc>, window: Duration) -> Result<i64> {
    let q = Query::select()
        .column("n")
        .from(TABLE)
        .and_where(Expr::col("bucket").eq(bucket))
        .and_where(Expr::col("window_start").gt(exact(now) - window))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.map(|r| r.get::<i64>("n")).transpose()?.unwrap_or(0))
}

/// Forgets buckets whose window began before `before` (housekeeping: pass
/// now less the longest window in use); returns how many.
pub async fn forget_before(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    db.execute(&Query::delete().from_table(TABLE).and_where(Expr::col("window_start").lt(before)).to_owned()).await
}

/// Takes one slot of `key`'s window if the window has room for it: the hit
/// is counted and the count compared in one statement, so parallel
/// requests cannot slip past `limit`. Refused hits count too (the window
/// does not reset until it ends).
pub async fn take(db: &Db, key: &str, limit: i64, window: Duration, now: DateTime<Utc>) -> Result<bool> {
    Ok(hit(db, key, now, window).await?.n <= limit)
}
