//! A product's photos.

use super::*;
use crate::app::refusal::CentreRefusal;

/// Most photos a product shows.
pub const MAX_PHOTOS: usize = 6;

impl App {
    /// Adds photos to a product (its keepers): checked and cleaned as every
    /// photo is, at most [`MAX_PHOTOS`] in all.
    pub async fn add_product_photos(&self, user: &User, ip: &str, id: Uuid, photos: Vec<Vec<u8>>) -> Result<usize> {
        let (p, e) = self.produce_product(id).await?;
        if !self.produce_keeper(user).await?.keeps(&e) {
            return Err(Error::NotFound("product"));
        }
        let had = PRODUCTS.of(self.db(), &p.community_id, &[p.id]).await?.len();
        if photos.is_empty() || had + photos.len() > MAX_PHOTOS {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: MAX_PHOTOS }));
        }
        let cleaned = self.clean_photos(photos).await?;
        let (rows, files) = self.write_owned_photos(&p.community_id, p.id, &cleaned, Utc::now()).await?;
        let written = crate::app::photo::Written::new(files);
        let mut tx = self.db().begin().await?;
        // Counted again under the product's lock: parallel uploads do not pass the limit together.
        store::lock_product(&mut tx, &p.community_id, p.id).await?;
        let now_had = usize::try_from(store::photo_count(&mut tx, &p.community_id, p.id).await?).unwrap_or(usize::MAX);
        if now_had + rows.len() > MAX_PHOTOS {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: MAX_PHOTOS }));
        }
        PRODUCTS.add(&mut tx, &rows).await?;
        record(&mut tx, &user.actor(ip), "produce.photos", &p.id.to_string(), json!({ "added": rows.len() })).await?;
        tx.commit().await?;
        written.keep();
        Ok(rows.len())
    }

    /// The photos of some products of a community, oldest first.
    pub async fn product_photos(&self, community: &str, products: &[Uuid]) -> Result<Vec<PhotoRow>> {
        Ok(PRODUCTS.of(self.db(), community, products).await?)
    }

    /// A product's photo, for anyone (products are public).
    pub async fn product_photo(&self, id: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let (p, _) = self.produce_product(id).await?;
        let photos = PRODUCTS.of(self.db(), &p.community_id, &[p.id]).await?;
        let found = photos.iter().find(|x| x.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&found.community_id, found.id, &found.content_type, thumb).await
    }
}

pub(super) fn check_product(n: &NewProduct) -> Result<()> {
    if !produce::name_ok(&n.name) {
        return Err(Error::invalid("name", Reason::Centre(CentreRefusal::ProduceProductName)));
    }
    if !(1..=produce::MAX_PRICE).contains(&n.price) {
        return Err(Error::invalid("price", Reason::Centre(CentreRefusal::ProducePrice)));
    }
    if n.unit.trim().is_empty() || !within(&n.unit, 10) {
        return Err(Error::invalid("unit", Reason::Centre(CentreRefusal::ProduceUnit)));
    }
    let texts = [("story", &n.story, 2000), ("origin", &n.origin, 60), ("certificates", &n.certificates, 200)];
    for (field, text, max) in texts {
        if !within(text, max) {
            return Err(Error::invalid(field, Reason::Centre(CentreRefusal::ProduceText)));
        }
    }
    if !within(&n.shelf_life, 40) {
        return Err(Error::invalid("shelf_life", Reason::Centre(CentreRefusal::ProduceText)));
    }
    Ok(())
}

pub(super) fn stalls(
    enterprises: impl Iterator<Item = EnterpriseRow>,
    products: Vec<ProductRow>,
    on_sale: bool,
) -> Vec<Stall> {
    let mut out: Vec<Stall> = enterprises
        .map(|e| {
            let products =
                products.iter().filter(|p| p.enterprise_id == e.id && (p.active || !on_sale)).cloned().collect();
            Stall { enterprise: e, products }
        })
        .collect();
    if on_sale {
        out.retain(|s| !s.products.is_empty());
    }
    out.sort_by(|a, b| a.enterprise.name.cmp(&b.enterprise.name));
    out
}
