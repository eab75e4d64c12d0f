//! Photos of events, as stored (the pictures are files in the data folder).

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Tx};

/// A photo of an event, as stored (the picture is a file in the data folder).
#[derive(Debug, Clone)]
pub struct PhotoRow {
    /// Community code.
    pub community_id: String,
    /// Identifier; also the file's name.
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// The step it is evidence of (the report's own step for a report's photos).
    pub step_id: Option<Uuid>,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Pixels.
    pub width: i32,
    /// Pixels.
    pub height: i32,
    /// Taken in at.
    pub created_at: DateTime<Utc>,
}

const PHOTO_COLUMNS: [&str; 9] =
    ["community_id", "id", "event_id", "step_id", "content_type", "size", "width", "height", "created_at"];

/// Records photos, in one statement.
pub async fn add_photos(tx: &mut Tx, photos: &[PhotoRow]) -> Result<()> {
    if photos.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert().into_table("event_photo").columns(PHOTO_COLUMNS).to_owned();
    for p in photos {
        q.values_panic([
            p.community_id.clone().into(),
            p.id.into(),
            p.event_id.into(),
            p.step_id.into(),
            p.content_type.clone().into(),
            p.size.into(),
            p.width.into(),
            p.height.into(),
            p.created_at.into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's photos, oldest first.
pub async fn photos(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<PhotoRow>> {
    let q = Query::select()
        .columns(PHOTO_COLUMNS)
        .from("event_photo")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(PhotoRow {
                community_id: r.get("community_id")?,
                id: r.get("id")?,
                event_id: r.get("event_id")?,
                step_id: r.get("step_id")?,
                content_type: r.get("content_type")?,
                size: r.get("size")?,
                width: r.get("width")?,
                height: r.get("height")?,
                created_at: r.get("created_at")?,
            })
        })
        .collect()
}
