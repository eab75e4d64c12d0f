//! Archiving old audit entries to a file. Entries are kept at least 180 days
//! (the Cybersecurity Law asks six months); older ones may move to a file,
//! never vanish: the file holds every field and hash, and the database keeps
//! an anchor (the last archived entry's number and hash) from which the
//! chain still verifies.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use linli_store::access::account as settings;
use linli_store::access::audit as store;
use serde_json::json;

use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};

/// The shortest time an entry stays in the database.
pub const KEEP_DAYS: i64 = 180;

/// The setting that holds `seq:hash` of the last archived entry.
pub const ANCHOR: &str = "audit_archive_anchor";

/// What an archive run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archived {
    /// Entries written to the file and removed from the database.
    pub entries: usize,
    /// The last archived entry's number, if any.
    pub through_seq: Option<i64>,
}

/// Parses the anchor setting.
pub fn parse_anchor(text: &str) -> Option<(i64, String)> {
    let (seq, hash) = text.split_once(':')?;
    Some((seq.parse().ok()?, hash.to_owned()))
}

impl App {
    /// Where verification of the chain starts: after the last archived entry.
    pub async fn audit_anchor(&self) -> Result<Option<(i64, String)>> {
        Ok(settings::setting(self.db(), ANCHOR).await?.as_deref().and_then(parse_anchor))
    }

    /// Moves entries older than `before` to a new JSON-lines file. Refuses a
    /// `before` less than `keep_days` ago, and an existing file.
    pub async fn archive_audit(
        &self,
        actor: &Actor,
        before: DateTime<Utc>,
        keep_days: i64,
        file: &Path,
        mut progress: impl FnMut(usize),
    ) -> Result<Archived> {
        if before > Utc::now() - Duration::days(keep_days) {
            return Err(Error::invalid("before", Reason::AuditKept { days: keep_days }));
        }
        let io = |e: std::io::Error| {
            Error::invalid("file", Reason::File { path: file.display().to_string(), error: e.to_string() })
        };
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Personal data leaves the database in it: the owner's only.
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut out = opts.open(file).map_err(io)?;
        let mut after = self.audit_anchor().await?.map_or(0, |(seq, _)| seq);
        let mut last: Option<(i64, String)> = None;
        let mut entries = 0;
        loop {
            let rows = store::older_than(self.db(), before, after, 5000).await?;
            let Some(tail) = rows.last() else { break };
            after = tail.seq;
            for r in &rows {
                let line = json!({
                    "seq": r.seq, "at": r.at, "actor_id": r.actor_id, "actor": r.actor, "role": r.role, "ip": r.ip,
                    "action": r.action, "target": r.target, "detail": r.detail, "prev_hash": r.prev_hash, "hash": r.hash,
                });
                writeln!(out, "{line}").map_err(io)?;
            }
            entries += rows.len();
            last = Some((tail.seq, tail.hash.clone()));
            progress(entries);
        }
        out.sync_all().map_err(io)?;
        drop(out);
        let Some((seq, hash)) = last else {
            // Nothing to archive: leave no empty file behind.
            let _ = std::fs::remove_file(file);
            return Ok(Archived { entries: 0, through_seq: None });
        };
        // The file is safely on disk; now the database lets go, with the anchor, in one step.
        // Record first, then delete: the chain's head stays in the table, so
        // the next entry links to it rather than starting over.
        let mut tx = self.db().begin().await?;
        record(
            &mut tx,
            actor,
            "audit.archive",
            &file.display().to_string(),
            json!({ "entries": entries, "through_seq": seq, "before": before }),
        )
        .await?;
        settings::set_setting(&mut tx, ANCHOR, &format!("{seq}:{hash}"), &actor.label).await?;
        store::delete_through(&mut tx, seq).await?;
        tx.commit().await?;
        Ok(Archived { entries, through_seq: Some(seq) })
    }
}
