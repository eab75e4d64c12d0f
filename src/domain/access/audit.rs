//! The audit log's hash chain: each entry's hash covers its fields and the
//! previous entry's hash, so an edited or removed entry breaks the chain.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An audit entry as hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (microsecond precision, as both databases keep it).
    pub at: DateTime<Utc>,
    /// The acting account, if any.
    pub actor_id: Option<uuid::Uuid>,
    /// Who, in words (user name, `cli`, or what was typed, masked).
    pub actor: String,
    /// The role acted in, or empty.
    pub role: String,
    /// The client address, or `cli`.
    pub ip: String,
    /// What happened, e.g. `signin.failure`.
    pub action: String,
    /// What it happened to.
    pub target: String,
    /// JSON details (before/after for changes; personal values masked).
    pub detail: String,
    /// The previous entry's hash.
    pub prev_hash: String,
}

impl Entry {
    /// SHA-256 over every field, length-prefixed so that no two entries
    /// serialise alike.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        let at = self.at.to_rfc3339_opts(SecondsFormat::Micros, true);
        let actor_id = self.actor_id.map(|u| u.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        for field in [
            seq.as_str(),
            &at,
            &actor_id,
            &self.actor,
            &self.role,
            &self.ip,
            &self.action,
            &self.target,
            &self.detail,
            &self.prev_hash,
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// The first entry whose stored hash or link does not hold, given entries in
/// order with their stored hashes.
pub fn first_broken(entries: &[(Entry, String)]) -> Option<i64> {
    first_broken_after(GENESIS, 1, entries)
}

/// Like [`first_broken`] for a stretch of the chain that should follow an
/// entry with hash `prev_hash` and start at `next_seq` (for checking in pages).
pub fn first_broken_after(prev_hash: &str, next_seq: i64, entries: &[(Entry, String)]) -> Option<i64> {
    let mut prev = prev_hash;
    for (expected_seq, (entry, stored)) in (next_seq..).zip(entries) {
        if entry.seq != expected_seq || entry.prev_hash != prev || entry.hash() != *stored {
            return Some(entry.seq);
        }
        prev = stored;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<(Entry, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let e = Entry {
                    seq,
                    at: DateTime::from_timestamp_micros(1_700_000_000_000_000 + seq).unwrap(),
                    actor_id: None,
                    actor: "cli".into(),
                    role: String::new(),
                    ip: "cli".into(),
                    action: "user.add".into(),
                    target: format!("user{seq}"),
                    detail: "{}".into(),
                    prev_hash: prev.clone(),
                };
                let h = e.hash();
                prev = h.clone();
                (e, h)
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(first_broken(&chain(5)), None);
        assert_eq!(first_broken(&[]), None);
    }

    #[test]
    fn an_edit_a_removal_or_a_rehash_is_found() {
        let mut c = chain(5);
        c[2].0.target = "someone else".into();
        assert_eq!(first_broken(&c), Some(3));

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(first_broken(&c), Some(3));

        // Recomputing the edited entry's own hash breaks the next link.
        let mut c = chain(5);
        c[2].0.detail = "{\"x\":1}".into();
        c[2].1 = c[2].0.hash();
        assert_eq!(first_broken(&c), Some(4));
    }

    #[test]
    fn a_chain_checks_page_by_page() {
        let c = chain(6);
        let (first, second) = c.split_at(3);
        assert_eq!(first_broken(first), None);
        assert_eq!(first_broken_after(&first[2].1, 4, second), None);
        assert_eq!(first_broken_after(GENESIS, 4, second), Some(4), "the link across pages is checked");
        assert_eq!(first_broken_after(&first[2].1, 5, second), Some(4), "a missing entry at a page edge");
    }

    #[test]
    fn fields_cannot_bleed_into_each_other() {
        let c = chain(1);
        let mut a = c[0].0.clone();
        let mut b = c[0].0.clone();
        a.actor = "ab".into();
        a.role = "c".into();
        b.actor = "a".into();
        b.role = "bc".into();
        assert_ne!(a.hash(), b.hash());
    }
}
