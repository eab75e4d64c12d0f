//! The notification outbox: messages to residents and staff (in-app, SMS,
//! WeChat, e-mail) written in the transaction of what they are about, and
//! delivered once by whoever claims them.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    table "notification";
    /// A notification in the outbox.
    #[derive(Debug, Clone)]
    pub struct Notification {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// inbox, sms, wechat, email.
        pub channel: String,
        /// Who it is for.
        pub recipient: String,
        /// Subject.
        pub subject: String,
        /// Text.
        pub body: String,
        /// The event it is about.
        pub event_id: Option<Uuid>,
        /// Written at.
        pub created_at: DateTime<Utc>,
        /// Delivered at (an inbox message on writing).
        pub sent_at: Option<DateTime<Utc>>,
    }
}

/// Puts a notification in the outbox.
pub async fn notify(tx: &mut Tx, n: &Notification) -> Result<()> {
    notify_many(tx, std::slice::from_ref(n)).await
}

/// Puts notifications in the outbox, in one statement.
pub async fn notify_many(tx: &mut Tx, notes: &[Notification]) -> Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    let mut q = Notification::insert();
    for n in notes {
        q.values_panic(n.values());
    }
    tx.execute(&q).await?;
    Ok(())
}

/// The notifications addressed to any of these recipients, newest first.
pub async fn addressed_to(db: &Db, recipients: &[String], limit: u64) -> Result<Vec<Notification>> {
    if recipients.is_empty() {
        return Ok(Vec::new());
    }
    let q = Notification::select()
        .and_where(Expr::col("recipient").is_in(recipients.iter().cloned()))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .to_owned();
    Notification::all(db, &q).await
}

/// The outbox of communities under the prefixes, newest first.
pub async fn outbox(db: &Db, prefixes: &[String], limit: u64) -> Result<Vec<Notification>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    // The outbox is a community's: a grid worker's scope (longer than a
    // community code) does not reach it; their own messages are in the inbox.
    let prefixes: Vec<&String> = prefixes.iter().filter(|p| p.len() <= 12).collect();
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let prefixes: Vec<String> = prefixes.into_iter().cloned().collect();
    let q =
        Notification::select().cond_where(under(&prefixes)).order_by("created_at", Order::Desc).limit(limit).to_owned();
    Notification::all(db, &q).await
}

/// A message is tried this many times before it is left for an operator.
pub const MAX_ATTEMPTS: i64 = 5;

fn under(prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| c.add(scope::starts_with(("notification", "community_id"), p, true)))
}

/// Claims up to `limit` undelivered messages of these channels in
/// communities under the prefixes: each is claimed by one caller only, until
/// `now` passes the claim by `lease` (a sender that died lets go).
pub async fn claim_pending(
    db: &Db,
    channels: &[&str],
    prefixes: &[String],
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<Notification>> {
    let free = Cond::any().add(Expr::col("claimed_at").is_null()).add(Expr::col("claimed_at").lt(now - lease));
    let q = Notification::select()
        .and_where(Expr::col("channel").is_in(channels.iter().copied()))
        .and_where(Expr::col("sent_at").is_null())
        .and_where(Expr::col("attempts").lt(MAX_ATTEMPTS))
        .cond_where(free.clone())
        .cond_where(under(prefixes))
        .order_by("created_at", Order::Asc)
        .limit(limit)
        .to_owned();
    let candidates: Vec<Notification> =
        db.fetch_all(&q).await?.iter().map(Notification::from_row).collect::<Result<_>>()?;
    let mut claimed = Vec::new();
    for n in candidates {
        let q = Query::update()
            .table("notification")
            .value("claimed_at", now)
            .value("attempts", Expr::col("attempts").add(1))
            .and_where(Expr::col("community_id").eq(n.community_id.as_str()))
            .and_where(Expr::col("id").eq(n.id))
            .and_where(Expr::col("sent_at").is_null())
            .cond_where(free.clone())
            .to_owned();
        if db.execute(&q).await? == 1 {
            claimed.push(n);
        }
    }
    Ok(claimed)
}

/// Marks a message delivered; false if it was already (nothing is sent
/// twice) or is not under the prefixes.
pub async fn mark_sent(db: &Db, id: Uuid, channels: &[&str], prefixes: &[String], now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("notification")
        .value("sent_at", now)
        .value("last_error", Option::<String>::None)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("channel").is_in(channels.iter().copied()))
        .and_where(Expr::col("sent_at").is_null())
        .cond_where(under(prefixes))
        .to_owned();
    Ok(db.execute(&q).await? == 1)
}

/// Lets go of a claimed message after a failed try, keeping the error.
pub async fn release(db: &Db, id: Uuid, error: &str) -> Result<()> {
    let q = Query::update()
        .table("notification")
        .value("claimed_at", Option::<DateTime<Utc>>::None)
        .value("last_error", error.chars().take(500).collect::<String>())
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("sent_at").is_null())
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// Who in a community has had a message with this subject since a moment
/// (a reminder is sent once a day), read inside a transaction.
pub async fn notified_since(
    tx: &mut Tx,
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
    tx.fetch_all(&q).await?.iter().map(|r| r.get("recipient")).collect()
}
