//! Photos of events, as stored (the pictures are files in the data folder).

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "event_photo";
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
}

/// Records photos, in one statement.
pub async fn add_photos(tx: &mut Tx, photos: &[PhotoRow]) -> Result<()> {
    if photos.is_empty() {
        return Ok(());
    }
    let mut q = PhotoRow::insert();
    for p in photos {
        q.values_panic(p.values());
    }
    tx.execute(&q).await?;
    Ok(())
}

/// An event's photos, oldest first.
pub async fn photos(db: &Db, community_id: &str, event_id: Uuid) -> Result<Vec<PhotoRow>> {
    let q = PhotoRow::select_in(community_id)
        .and_where(Expr::col("event_id").eq(event_id))
        .order_by("id", Order::Asc)
        .to_owned();
    PhotoRow::all(db, &q).await
}
