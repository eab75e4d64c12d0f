//! Photos of events: the evidence of a step, and what the reporter sees of
//! them by tracking code. How photos are checked and kept is shared
//! ([`crate::app::photo`]).

use linli_store::events::photo::PhotoRow;
use linli_store::events::timeline::StepRow;
use uuid::Uuid;

use crate::app::access::auth::User;
use crate::app::{App, Error, Result};
use crate::domain::photo::Cleaned;

impl App {
    /// Writes cleaned photos of a step to the data folder; returns their
    /// rows to record, and the files, to remove if the transaction fails.
    pub(crate) async fn write_photos(
        &self,
        step: &StepRow,
        photos: Vec<Cleaned>,
    ) -> Result<(Vec<PhotoRow>, Vec<std::path::PathBuf>)> {
        let (mut rows, mut files) = (Vec::new(), Vec::new());
        for p in photos {
            let row = PhotoRow {
                community_id: step.community_id.clone(),
                id: Uuid::now_v7(),
                event_id: step.event_id,
                step_id: Some(step.id),
                content_type: p.content_type.into(),
                size: p.bytes.len() as i64,
                width: i32::try_from(p.width).unwrap_or(i32::MAX),
                height: i32::try_from(p.height).unwrap_or(i32::MAX),
                created_at: step.at,
            };
            self.write_photo(&row.community_id, row.id, &p, &mut files).await?;
            rows.push(row);
        }
        Ok((rows, files))
    }

    async fn read_photo(&self, p: &PhotoRow, thumb: bool) -> Result<(String, Vec<u8>)> {
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }

    /// A photo of an event in the user's scope: (content type, bytes).
    pub async fn event_photo(&self, user: &User, event: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let view = self.event(user, event).await?;
        let p = view.photos.iter().find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo(p, thumb).await
    }

    /// A photo its reporter may see by tracking code: one on a public step.
    pub async fn tracked_photo(&self, code: &str, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let row = linli_store::events::event::by_code(self.db(), code.trim()).await?.ok_or(Error::NotFound("event"))?;
        let steps = linli_store::events::timeline::steps(self.db(), &row.community_id, row.id).await?;
        let photos = linli_store::events::photo::photos(self.db(), &row.community_id, row.id).await?;
        let p = photos
            .iter()
            .find(|p| p.id == photo && steps.iter().any(|s| s.public && Some(s.id) == p.step_id))
            .ok_or(Error::NotFound("photo"))?;
        self.read_photo(p, thumb).await
    }
}
