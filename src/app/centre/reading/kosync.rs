//! KOReader's sync accounts and progress.

use super::*;
use crate::app::refusal::CentreRefusal;

impl App {
    /// Makes the signed-in reader a new sync password for KOReader (shown
    /// once; linli keeps only a hash of what KOReader will send: the MD5 of
    /// it). A random password, so a plain hash is enough.
    pub async fn new_sync_password(&self, user: &User, ip: &str) -> Result<String> {
        use md5::Digest;
        let password: String = crate::app::system::keys::random_token().chars().take(12).collect();
        let md5: String = md5::Md5::digest(password.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let hash = crate::app::system::keys::sha256_hex(&md5);
        store::set_sync_key(self.db(), user.account.row.id, &hash, Utc::now()).await?;
        let mut tx = self.db().begin().await?;
        record(&mut tx, &user.actor(ip), "reading.sync_key", &user.account.shown_name(), json!({})).await?;
        tx.commit().await?;
        Ok(password)
    }

    /// Whether the account has a sync password.
    pub async fn has_sync_password(&self, account: Uuid) -> Result<bool> {
        Ok(store::sync_key(self.db(), account).await?.is_some())
    }

    /// The account KOReader signs in as (its login and the MD5 of its sync
    /// password), if the two match.
    pub async fn kosync_account(&self, login: &str, key: &str) -> Result<Option<Uuid>> {
        if login.len() > 64 || key.len() != 32 {
            return Ok(None);
        }
        let Some(account) = linli_store::access::account::find(self.db(), Some(login), None).await? else {
            return Ok(None);
        };
        if account.disabled {
            return Ok(None);
        }
        let wanted = crate::app::system::keys::sha256_hex(&key.to_ascii_lowercase());
        let stored = store::sync_key(self.db(), account.id).await?;
        Ok(stored
            .filter(|s| crate::app::system::keys::constant_time_eq(s.as_bytes(), wanted.as_bytes()))
            .map(|_| account.id))
    }

    /// Stores KOReader's progress in a document (its hash) for an account;
    /// when it was kept. A hash no book has is refused as not found.
    pub async fn kosync_put(
        &self,
        account: Uuid,
        document: &str,
        progress: &str,
        percentage: f64,
        device: &str,
    ) -> Result<DateTime<Utc>> {
        let book = store::books_by_hash(self.db(), &document.to_ascii_lowercase())
            .await?
            .into_iter()
            .next()
            .ok_or(Error::NotFound("document"))?;
        let b = store::book(self.db(), book).await?.ok_or(Error::NotFound("book"))?;
        let file = store::current_file(self.db(), &b.community_id, book).await?;
        let spine = file.as_ref().map(spine_of).unwrap_or_default();
        let href = koreader_chapter(progress)
            .and_then(|n| spine.get(n - 1).copied())
            .or(spine.first().copied())
            .unwrap_or("koreader");
        let locator = Locator::new(href, 0.0, percentage)
            .map_err(|_| Error::invalid("percentage", Reason::Centre(CentreRefusal::ReadingLocator)))?;
        let progress: String = progress.chars().take(crate::domain::centre::reading::MAX_HREF).collect();
        let now = Utc::now();
        self.save_position(account, book, (locator, Some(progress), None), (device, Some(now), 0)).await?;
        Ok(now)
    }

    /// KOReader's view of where an account is in a document: (progress,
    /// percentage, device, when). A position saved in a browser is given as
    /// the start of its chapter in KOReader's terms.
    pub async fn kosync_get(
        &self,
        account: Uuid,
        document: &str,
    ) -> Result<Option<(String, f64, String, DateTime<Utc>)>> {
        for book in store::books_by_hash(self.db(), &document.to_ascii_lowercase()).await? {
            let Some(p) = store::position(self.db(), account, book).await? else { continue };
            let progress = match &p.koreader {
                Some(k) => k.clone(),
                None => {
                    let file = store::current_file(self.db(), &p.community_id, book).await?;
                    let n = file.as_ref().and_then(|f| spine_of(f).iter().position(|h| *h == p.href)).unwrap_or(0);
                    format!("/body/DocFragment[{}]/body", n + 1)
                }
            };
            return Ok(Some((progress, p.total_progression, p.device, p.read_at)));
        }
        Ok(None)
    }
}
