//! Photos kept for what people do (an event's steps, a visit, an
//! application's materials, a notice, a wish done): checked and cleaned
//! off the request threads, written to the data folder beside the
//! transaction that records them, and read back for those who may see them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::photo::{self, Cleaned};

/// Removes files written for a transaction that did not commit.
pub(crate) async fn forget_files(files: &[std::path::PathBuf]) {
    for f in files {
        let _ = tokio::fs::remove_file(f).await;
    }
}

/// Files written for a transaction: removed when dropped unless kept, so
/// that no early return leaves a file that nothing records.
pub(crate) struct Written(Vec<std::path::PathBuf>);

impl Written {
    /// Files to remove unless [`Written::keep`] is called.
    pub(crate) fn new(files: Vec<std::path::PathBuf>) -> Written {
        Written(files)
    }

    /// The transaction committed: the files stay.
    pub(crate) fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        for f in &self.0 {
            let _ = std::fs::remove_file(f);
        }
    }
}

impl App {
    /// Checks and cleans photos away from the request threads: each one's
    /// header first (a huge canvas is refused before a pixel is decoded),
    /// then the pictures, one after another, once the photo gate has room
    /// for the largest ([`crate::app::system::gate::PHOTO_MB`] MB of pixels server-wide;
    /// past that, [`Error::Busy`]). One refused photo refuses them all.
    pub(crate) async fn clean_photos(&self, photos: Vec<Vec<u8>>) -> Result<Vec<Cleaned>> {
        if photos.len() > photo::MAX_PER_STEP {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: photo::MAX_PER_STEP }));
        }
        if photos.is_empty() {
            return Ok(Vec::new());
        }
        let refused =
            |i: usize, problem: photo::PhotoError| Error::invalid("photo", Reason::Photo { nth: i + 1, problem });
        let mut largest = 0u64;
        for (i, p) in photos.iter().enumerate() {
            largest = largest.max(photo::inspect(p).map_err(|e| refused(i, e))?.decoded_bytes);
        }
        // The largest picture, and its smaller copies beside it.
        let mb = u32::try_from(largest.div_ceil(1024 * 1024)).unwrap_or(u32::MAX).saturating_add(16);
        let pass = self.photo_gate().enter(mb).await?;
        tokio::task::spawn_blocking(move || {
            let _pass = pass;
            photos.iter().enumerate().map(|(i, p)| photo::clean(p).map_err(|e| refused(i, e))).collect()
        })
        .await
        .map_err(|e| Error::Files(std::io::Error::other(e)))?
    }

    fn photo_path(&self, community_id: &str, id: Uuid, content_type: &str, thumb: bool) -> std::path::PathBuf {
        let ext = if thumb {
            "thumb.jpg"
        } else if content_type == "image/png" {
            "png"
        } else {
            "jpg"
        };
        self.data_dir().join("photos").join(community_id).join(format!("{id}.{ext}"))
    }

    /// Writes a cleaned photo and its thumbnail to the data folder, adding
    /// each file to `files` (to remove if what records them fails).
    pub(crate) async fn write_photo(
        &self,
        community_id: &str,
        id: Uuid,
        p: &Cleaned,
        files: &mut Vec<std::path::PathBuf>,
    ) -> Result<()> {
        for (thumb, bytes) in [(false, &p.bytes), (true, &p.thumb)] {
            let path = self.photo_path(community_id, id, p.content_type, thumb);
            let written = async {
                tokio::fs::create_dir_all(path.parent().expect("photos have a folder")).await?;
                tokio::fs::write(&path, bytes).await
            };
            if let Err(e) = written.await {
                forget_files(files).await;
                return Err(e.into());
            }
            files.push(path);
        }
        Ok(())
    }

    /// Writes cleaned photos of a visit or an application to the data
    /// folder; returns their rows to record in an album, and the files, to
    /// remove if the transaction fails.
    pub(crate) async fn write_owned_photos(
        &self,
        community_id: &str,
        owner: Uuid,
        photos: &[Cleaned],
        at: DateTime<Utc>,
    ) -> Result<(Vec<linli_store::services::photo::PhotoRow>, Vec<std::path::PathBuf>)> {
        let (mut rows, mut files) = (Vec::new(), Vec::new());
        for p in photos {
            let id = Uuid::now_v7();
            self.write_photo(community_id, id, p, &mut files).await?;
            rows.push(linli_store::services::photo::PhotoRow {
                community_id: community_id.to_owned(),
                id,
                owner_id: owner,
                content_type: p.content_type.into(),
                size: p.bytes.len() as i64,
                width: i32::try_from(p.width).unwrap_or(i32::MAX),
                height: i32::try_from(p.height).unwrap_or(i32::MAX),
                created_at: at,
            });
        }
        Ok((rows, files))
    }

    /// A stored photo's bytes: (content type, bytes).
    pub(crate) async fn read_photo_file(
        &self,
        community_id: &str,
        id: Uuid,
        content_type: &str,
        thumb: bool,
    ) -> Result<(String, Vec<u8>)> {
        let path = self.photo_path(community_id, id, content_type, thumb);
        let bytes = match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NotFound("photo")),
            Err(e) => return Err(e.into()),
        };
        Ok((if thumb { "image/jpeg".into() } else { content_type.to_owned() }, bytes))
    }
}
