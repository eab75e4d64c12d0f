//! `linli keys rotate`: re-seal every personal value under a new key while
//! the platform keeps running, and drop an old key only when nothing names it.

use linli_store::system::sealed::{self as store, SEALED_TABLES};
use serde_json::json;

use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::system::keys::key_id_of;
use crate::app::{App, Error, Result};

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The new key's fingerprint.
    pub key_id: String,
    /// Accounts whose values were re-sealed.
    pub resealed: usize,
    /// Old keys removed from the key file.
    pub dropped_keys: usize,
    /// Old keys kept because some value still names them (run again later).
    pub kept_keys: usize,
}

impl App {
    /// Rotates the secret key. Safe to interrupt and run again: until every
    /// value names the new key, the old one stays in the key file.
    pub async fn rotate_keys(&self, actor: &Actor, mut progress: impl FnMut(usize, usize)) -> Result<Rotation> {
        self.key_store().add_new_key().map_err(|e| Error::invalid("key", Reason::KeyFile { error: e.to_string() }))?;
        let keys = self.keys();
        let current = keys.current_id().to_owned();
        let mut total = 0;
        for t in &SEALED_TABLES {
            total += store::sealed_rows(self.db(), t).await?.len();
        }
        let mut resealed = 0;
        // Two passes: the second catches rows another process sealed with the
        // old key before it noticed the new key file.
        for _pass in 0..2 {
            for t in &SEALED_TABLES {
                let rows = store::sealed_rows(self.db(), t).await?;
                for chunk in rows.chunks(200) {
                    let mut tx = self.db().begin().await?;
                    for row in chunk {
                        let stale =
                            |v: &Option<String>| v.as_deref().is_some_and(|s| key_id_of(s) != Some(current.as_str()));
                        if !row.sealed.iter().any(stale) {
                            continue;
                        }
                        let unopenable =
                            || Error::invalid("key", Reason::Unopenable { account: format!("{}/{}", t.table, row.id) });
                        let plain: Vec<Option<String>> = row
                            .sealed
                            .iter()
                            .map(|v| v.as_deref().map(|s| keys.open(s)).transpose().map_err(|_| unopenable()))
                            .collect::<Result<_>>()?;
                        let mut values: Vec<(&'static str, Option<String>)> = t
                            .sealed
                            .iter()
                            .zip(&plain)
                            .map(|(c, p)| (*c, p.as_deref().map(|p| keys.seal(p))))
                            .collect();
                        values.extend(hashes(&keys, t.table, &plain, &row.plain));
                        store::reseal_row(&mut tx, t, row, values).await?;
                        resealed += 1;
                    }
                    tx.commit().await?;
                    progress(resealed.min(total), total);
                }
            }
        }
        // Keep any old key that some value still names.
        let mut still_used: Vec<String> = Vec::new();
        for t in &SEALED_TABLES {
            for row in store::sealed_rows(self.db(), t).await? {
                for v in row.sealed.into_iter().flatten() {
                    if let Some(id) = key_id_of(&v).filter(|id| *id != current && !still_used.iter().any(|u| u == id)) {
                        still_used.push(id.to_owned());
                    }
                }
            }
        }
        let dropped = self
            .key_store()
            .drop_old_keys(&still_used)
            .map_err(|e| Error::invalid("key", Reason::KeyFile { error: e.to_string() }))?;
        let rotation = Rotation { key_id: current, resealed, dropped_keys: dropped, kept_keys: still_used.len() };
        let mut tx = self.db().begin().await?;
        record(
            &mut tx,
            actor,
            "keys.rotate",
            &rotation.key_id,
            json!({ "resealed": rotation.resealed, "dropped_keys": dropped, "kept_keys": rotation.kept_keys }),
        )
        .await?;
        tx.commit().await?;
        Ok(rotation)
    }
}

/// The keyed hashes a table keeps of its sealed values, taken again under
/// the current key: without them a lookup by phone or ID number would miss
/// once the old key is dropped.
fn hashes(
    keys: &crate::app::system::keys::Keys,
    table: &str,
    plain: &[Option<String>],
    others: &[Option<String>],
) -> Vec<(&'static str, Option<String>)> {
    let phone = |i: usize| plain.get(i).cloned().flatten().map(|p| keys.lookup_hash("phone", &p));
    match table {
        "account" | "daycare_contact" => vec![("phone_hash", phone(0))],
        "registration" => vec![("phone_hash", phone(1))],
        "person" => {
            let Some(id) = plain.first().cloned().flatten() else { return vec![("phone_hash", phone(1))] };
            let passport =
                others.first().cloned().flatten().as_deref() == Some(crate::domain::registry::person::PASSPORT);
            let lookup = if passport { format!("P:{id}") } else { id.clone() };
            let tail = &id[id.len().saturating_sub(4)..];
            vec![
                ("id_hash", Some(keys.lookup_hash("id", &lookup))),
                ("id_tail_hash", Some(keys.lookup_hash(crate::app::registry::household::ID_TAIL, tail))),
                ("phone_hash", phone(1)),
            ]
        }
        _ => Vec::new(),
    }
}
