//! Uploads a refused form keeps: when a form with photos comes back with a
//! message (a missing field, a wrong phone), the photos already sent wait
//! in the data folder under a random token that the re-rendered form
//! carries, so that the resident is not asked for them again. A token is
//! taken once; what waits longer than a day is swept away.

use std::path::PathBuf;

use crate::app::system::keys::random_token;
use crate::app::{App, Result};
use crate::domain::photo::MAX_PER_STEP;

/// How long kept uploads wait for their form to come back.
const KEEP_HOURS: u64 = 24;

/// A token is 43 URL-safe characters (never a path).
fn well_formed(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl App {
    fn pending_dir(&self) -> PathBuf {
        self.data_dir().join("pending")
    }

    /// Keeps a refused form's photos; the token names them (none: nothing kept).
    pub async fn keep_uploads(&self, photos: &[Vec<u8>]) -> Result<Option<String>> {
        if photos.is_empty() {
            return Ok(None);
        }
        self.sweep_uploads().await;
        let token = random_token();
        let dir = self.pending_dir().join(&token);
        tokio::fs::create_dir_all(&dir).await?;
        for (i, p) in photos.iter().take(MAX_PER_STEP).enumerate() {
            tokio::fs::write(dir.join(i.to_string()), p).await?;
        }
        Ok(Some(token))
    }

    /// How many photos wait under a token (0 for an unknown one).
    pub async fn kept_uploads(&self, token: &str) -> usize {
        if !well_formed(token) {
            return 0;
        }
        let Ok(mut entries) = tokio::fs::read_dir(self.pending_dir().join(token)).await else { return 0 };
        let mut n = 0;
        while let Ok(Some(_)) = entries.next_entry().await {
            n += 1;
        }
        n
    }

    /// Takes the photos kept under a token, in the order they were sent,
    /// and forgets them.
    pub async fn take_uploads(&self, token: &str) -> Result<Vec<Vec<u8>>> {
        if !well_formed(token) {
            return Ok(Vec::new());
        }
        let dir = self.pending_dir().join(token);
        let mut out = Vec::new();
        for i in 0..MAX_PER_STEP {
            match tokio::fs::read(dir.join(i.to_string())).await {
                Ok(bytes) => out.push(bytes),
                Err(_) => break,
            }
        }
        let _ = tokio::fs::remove_dir_all(&dir).await;
        Ok(out)
    }

    /// Removes what waited longer than a day.
    async fn sweep_uploads(&self) {
        let Ok(mut entries) = tokio::fs::read_dir(self.pending_dir()).await else { return };
        let limit = std::time::Duration::from_secs(KEEP_HOURS * 3600);
        while let Ok(Some(e)) = entries.next_entry().await {
            let old = e.metadata().await.ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
            if old.is_some_and(|age| age > limit) {
                let _ = tokio::fs::remove_dir_all(e.path()).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::well_formed;

    #[test]
    fn only_a_token_names_kept_uploads() {
        assert!(well_formed(&crate::app::system::keys::random_token()));
        assert!(!well_formed("../../etc/passwd"));
        assert!(!well_formed(&"a/".repeat(22)[..43]));
        assert!(!well_formed(""));
    }
}
