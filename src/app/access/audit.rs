//! Recording and verifying the audit log.

use chrono::{SubsecRound, Utc};
use linli_store::access::audit::{self as store, AuditRow};
use linli_store::{Db, Tx};
use uuid::Uuid;

use crate::app::{App, Result};
use crate::domain::access::audit::{Entry, GENESIS, first_broken_after};

/// Who acts: an account through the web, or an operator at the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, if signed in.
    pub id: Option<Uuid>,
    /// Who, in words: the sign-in, as the audit log keeps it.
    pub label: String,
    /// Who, as pages name them on timelines and histories (刘媛媛); linli's
    /// own actors (`cli:…`, `pay:…`, `token:…`) by their label, which the
    /// pages word.
    pub name: String,
    /// The role acted in, or empty.
    pub role: String,
    /// Client address, or `cli`.
    pub ip: String,
}

impl Actor {
    /// An operator at the command line (the OS user, when known).
    pub fn cli() -> Actor {
        let user = std::env::var("USER").unwrap_or_else(|_| "operator".into());
        Actor::system(&format!("cli:{user}"), "cli")
    }

    /// Someone not signed in, from an address.
    pub fn anonymous(label: &str, ip: &str) -> Actor {
        Actor::system(label, ip)
    }

    /// An actor that is not a person's account: named by its label.
    pub fn system(label: &str, ip: &str) -> Actor {
        Actor { id: None, label: label.to_owned(), name: label.to_owned(), role: String::new(), ip: ip.to_owned() }
    }

    /// The same actor, named on pages as `name`.
    pub fn named(self, name: &str) -> Actor {
        Actor { name: name.to_owned(), ..self }
    }
}

fn entry(r: &AuditRow) -> Entry {
    Entry {
        seq: r.seq,
        at: r.at,
        actor_id: r.actor_id,
        actor: r.actor.clone(),
        role: r.role.clone(),
        ip: r.ip.clone(),
        action: r.action.clone(),
        target: r.target.clone(),
        detail: r.detail.clone(),
        prev_hash: r.prev_hash.clone(),
    }
}

/// Appends an entry inside the caller's transaction, so that the change and
/// its record commit together or not at all.
pub async fn record(tx: &mut Tx, actor: &Actor, action: &str, target: &str, detail: serde_json::Value) -> Result<()> {
    record_many(tx, &[(actor, action, target, detail)]).await
}

/// Appends entries, chained in order, inside the caller's transaction.
pub async fn record_many(tx: &mut Tx, entries: &[(&Actor, &str, &str, serde_json::Value)]) -> Result<()> {
    let (mut seq, mut prev_hash) = match store::head(tx).await? {
        Some((seq, hash)) => (seq, hash),
        None => (0, GENESIS.to_owned()),
    };
    // Both databases keep microseconds; hash what will be read back.
    let at = Utc::now().trunc_subsecs(6);
    let mut rows = Vec::with_capacity(entries.len());
    for (actor, action, target, detail) in entries {
        seq += 1;
        let e = Entry {
            seq,
            at,
            actor_id: actor.id,
            actor: actor.label.clone(),
            role: actor.role.clone(),
            ip: actor.ip.clone(),
            action: (*action).to_owned(),
            target: (*target).to_owned(),
            detail: detail.to_string(),
            prev_hash: prev_hash.clone(),
        };
        let hash = e.hash();
        prev_hash = hash.clone();
        rows.push(AuditRow {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor: e.actor,
            role: e.role,
            ip: e.ip,
            action: e.action,
            target: e.target,
            detail: e.detail,
            prev_hash: e.prev_hash,
            hash,
        });
    }
    store::append(tx, &rows).await?;
    Ok(())
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every link holds.
    Intact {
        /// Entries checked.
        entries: i64,
    },
    /// The first entry whose hash or link does not hold.
    Broken {
        /// Its sequence number.
        seq: i64,
    },
}

/// Walks the whole chain in pages, reporting progress.
pub async fn verify(db: &Db, anchor: Option<(i64, String)>, mut progress: impl FnMut(i64)) -> Result<Verdict> {
    const PAGE: u64 = 5000;
    // Archived entries left an anchor: the chain continues from it.
    let (mut checked, mut prev) = anchor.unwrap_or((0, GENESIS.to_owned()));
    let start = checked;
    loop {
        let rows = store::page(db, checked, PAGE).await?;
        let Some(last) = rows.last() else { return Ok(Verdict::Intact { entries: checked - start }) };
        let entries: Vec<(Entry, String)> = rows.iter().map(|r| (entry(r), r.hash.clone())).collect();
        if let Some(seq) = first_broken_after(&prev, checked + 1, &entries) {
            return Ok(Verdict::Broken { seq });
        }
        prev = last.hash.clone();
        checked += rows.len() as i64;
        progress(checked);
    }
}

impl App {
    /// Checks the audit chain.
    pub async fn verify_audit(&self, progress: impl FnMut(i64)) -> Result<Verdict> {
        verify(self.db(), self.audit_anchor().await?, progress).await
    }

    /// Entries matching a filter, newest first.
    pub async fn search_audit(&self, filter: &store::Filter, limit: u64) -> Result<Vec<AuditRow>> {
        Ok(store::search(self.db(), filter, limit).await?)
    }

    /// Records an export (or any read worth recording) on its own.
    pub async fn note_export(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        let mut tx = self.db().begin().await?;
        record(&mut tx, actor, action, target, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest audit entries, for admins.
    pub async fn recent_audit(&self, action: Option<&str>, limit: u64) -> Result<Vec<AuditRow>> {
        Ok(store::recent(self.db(), action, limit).await?)
    }
}
