//! Photos kept for something (a visit, an application's materials): the
//! pictures are files in the data folder; a row says whose each is. Every
//! album has the same columns but the owner's.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Tx};

/// Where a kind of photo is kept: its table and its owner's column.
#[derive(Debug, Clone, Copy)]
pub struct Album {
    table: &'static str,
    owner: &'static str,
}

/// Photos of visits.
pub const VISITS: Album = Album { table: "visit_photo", owner: "visit_id" };
/// Photos of applications' materials.
pub const APPLICATIONS: Album = Album { table: "service_photo", owner: "application_id" };
/// Pictures in notices (their region's code in `community_id`).
pub const NOTICES: Album = Album { table: "notice_photo", owner: "notice_id" };
/// Photos of wishes done (爱心回音壁).
pub const WISHES: Album = Album { table: "wish_photo", owner: "wish_id" };
/// Photos of the produce counter's products (助农展销).
pub const PRODUCTS: Album = Album { table: "product_photo", owner: "product_id" };

/// A photo as stored.
#[derive(Debug, Clone)]
pub struct PhotoRow {
    /// Community code.
    pub community_id: String,
    /// Identifier; also the file's name.
    pub id: Uuid,
    /// The visit or application it belongs to.
    pub owner_id: Uuid,
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

impl Album {
    fn columns(self) -> [&'static str; 8] {
        ["community_id", "id", self.owner, "content_type", "size", "width", "height", "created_at"]
    }

    /// Records photos, in one statement.
    pub async fn add(self, tx: &mut Tx, photos: &[PhotoRow]) -> Result<()> {
        if photos.is_empty() {
            return Ok(());
        }
        let mut q = Query::insert().into_table(self.table).columns(self.columns()).to_owned();
        for p in photos {
            q.values_panic([
                p.community_id.clone().into(),
                p.id.into(),
                p.owner_id.into(),
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

    /// The photos of some owners in a community, oldest first.
    pub async fn of(self, db: &Db, community_id: &str, owners: &[Uuid]) -> Result<Vec<PhotoRow>> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let q = Query::select()
            .columns(self.columns())
            .from(self.table)
            .and_where(Expr::col("community_id").eq(community_id))
            .and_where(Expr::col(self.owner).is_in(owners.iter().copied()))
            .order_by("id", Order::Asc)
            .to_owned();
        db.fetch_all(&q)
            .await?
            .iter()
            .map(|r| {
                Ok(PhotoRow {
                    community_id: r.get("community_id")?,
                    id: r.get("id")?,
                    owner_id: r.get(self.owner)?,
                    content_type: r.get("content_type")?,
                    size: r.get("size")?,
                    width: r.get("width")?,
                    height: r.get("height")?,
                    created_at: r.get("created_at")?,
                })
            })
            .collect()
    }
}
