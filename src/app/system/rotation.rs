//! `linli keys rotate`: re-seal every personal value under a new key while
//! the platform keeps running, and drop an old key only when nothing names it.

use linli_store::access::account as store;
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
        let rows = store::all_sealed(self.db()).await?;
        let total = rows.len();
        let mut resealed = 0;
        // Two passes: the second catches rows another process sealed with the
        // old key before it noticed the new key file.
        for _pass in 0..2 {
            let rows = store::all_sealed(self.db()).await?;
            for chunk in rows.chunks(200) {
                let mut tx = self.db().begin().await?;
                for (id, phone, totp) in chunk {
                    let stale =
                        |v: &Option<String>| v.as_deref().is_some_and(|s| key_id_of(s) != Some(current.as_str()));
                    if !stale(phone) && !stale(totp) {
                        continue;
                    }
                    let reseal = |v: &Option<String>| -> Result<Option<String>> {
                        v.as_deref()
                            .map(|s| {
                                keys.open(s)
                                    .map(|plain| keys.seal(&plain))
                                    .map_err(|_| Error::invalid("key", Reason::Unopenable { account: id.to_string() }))
                            })
                            .transpose()
                    };
                    let phone_plain = phone
                        .as_deref()
                        .map(|s| keys.open(s))
                        .transpose()
                        .map_err(|_| Error::invalid("key", Reason::Unopenable { account: id.to_string() }))?;
                    let phone_hash = phone_plain.as_deref().map(|p| keys.lookup_hash("phone", p));
                    store::reseal(&mut tx, *id, reseal(phone)?, phone_hash, reseal(totp)?).await?;
                    resealed += 1;
                }
                tx.commit().await?;
                progress(resealed, total);
            }
        }
        // Keep any old key that some value still names.
        let mut still_used: Vec<String> = Vec::new();
        for (_, phone, totp) in store::all_sealed(self.db()).await? {
            for v in [phone, totp].into_iter().flatten() {
                if let Some(id) = key_id_of(&v).filter(|id| *id != current && !still_used.iter().any(|u| u == id)) {
                    still_used.push(id.to_owned());
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
