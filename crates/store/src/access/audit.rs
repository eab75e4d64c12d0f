//! The audit log: append-only rows chained by hash. The hash itself is
//! computed above the store (linli's domain); the store keeps the order.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx, dialect};

row! {
    table "audit_log";
    /// An entry as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AuditRow {
        /// Position in the chain, from 1.
        pub seq: i64,
        /// When.
        pub at: DateTime<Utc>,
        /// The acting account.
        pub actor_id: Option<Uuid>,
        /// Who, in words.
        pub actor: String,
        /// Role acted in.
        pub role: String,
        /// Client address.
        pub ip: String,
        /// What happened.
        pub action: String,
        /// To what.
        pub target: String,
        /// JSON details.
        pub detail: String,
        /// Previous entry's hash.
        pub prev_hash: String,
        /// This entry's hash.
        pub hash: String,
    }
}

/// Locks the chain for this transaction and returns the last entry's
/// (seq, hash), or `None` on an empty log.
pub async fn head(tx: &mut Tx) -> Result<Option<(i64, String)>> {
    if let Some(lock) = dialect::audit_lock(tx.backend()) {
        tx.execute_sql(lock).await?;
    }
    let q = Query::select().columns(["seq", "hash"]).from("audit_log").order_by("seq", Order::Desc).limit(1).to_owned();
    Ok(match tx.fetch_optional(&q).await? {
        Some(r) => Some((r.get("seq")?, r.get("hash")?)),
        None => None,
    })
}

/// Appends entries (after [`head`] in the same transaction), in one statement.
pub async fn append(tx: &mut Tx, entries: &[AuditRow]) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut q = AuditRow::insert();
    for e in entries {
        q.values_panic(e.values());
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Entries with `seq` after `after`, at most `limit`, in order.
pub async fn page(db: &Db, after: i64, limit: u64) -> Result<Vec<AuditRow>> {
    let q =
        AuditRow::select().and_where(Expr::col("seq").gt(after)).order_by("seq", Order::Asc).limit(limit).to_owned();
    AuditRow::all(db, &q).await
}

/// The newest entries, optionally only one action, newest first.
pub async fn recent(db: &Db, action: Option<&str>, limit: u64) -> Result<Vec<AuditRow>> {
    let mut q = AuditRow::select().order_by("seq", Order::Desc).limit(limit).to_owned();
    if let Some(a) = action {
        q.and_where(Expr::col("action").eq(a));
    }
    AuditRow::all(db, &q).await
}

/// What to look for in the log; every part optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Exact action, e.g. `signin.failure`.
    pub action: Option<String>,
    /// Part of the actor's name.
    pub actor: Option<String>,
    /// Part of the target (the person or record acted on).
    pub target: Option<String>,
    /// From this time on.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only entries older than this sequence number (paging, newest first).
    pub before_seq: Option<i64>,
}

fn contains(text: &str) -> String {
    // The text is bound as a parameter; escape LIKE's own wildcards in it.
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Entries matching the filter, newest first, at most `limit`.
pub async fn search(db: &Db, f: &Filter, limit: u64) -> Result<Vec<AuditRow>> {
    use sea_query::LikeExpr;
    let mut q = AuditRow::select().order_by("seq", Order::Desc).limit(limit).to_owned();
    if let Some(a) = &f.action {
        q.and_where(Expr::col("action").eq(a.as_str()));
    }
    if let Some(a) = &f.actor {
        q.and_where(Expr::col("actor").like(LikeExpr::new(contains(a)).escape('\\')));
    }
    if let Some(t) = &f.target {
        q.and_where(Expr::col("target").like(LikeExpr::new(contains(t)).escape('\\')));
    }
    if let Some(from) = f.from {
        q.and_where(Expr::col("at").gte(from));
    }
    if let Some(until) = f.until {
        q.and_where(Expr::col("at").lt(until));
    }
    if let Some(seq) = f.before_seq {
        q.and_where(Expr::col("seq").lt(seq));
    }
    AuditRow::all(db, &q).await
}

/// Entries before `before`, in chain order, after `after_seq`, at most `limit`.
pub async fn older_than(db: &Db, before: DateTime<Utc>, after_seq: i64, limit: u64) -> Result<Vec<AuditRow>> {
    let q = AuditRow::select()
        .and_where(Expr::col("at").lt(before))
        .and_where(Expr::col("seq").gt(after_seq))
        .order_by("seq", Order::Asc)
        .limit(limit)
        .to_owned();
    AuditRow::all(db, &q).await
}

/// Removes entries up to and including `seq` (after they were archived).
pub async fn delete_through(tx: &mut Tx, seq: i64) -> Result<u64> {
    tx.execute(&Query::delete().from_table("audit_log").and_where(Expr::col("seq").lte(seq)).to_owned()).await
}
