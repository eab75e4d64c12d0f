//! Browsing the region tree.

use linli_store::region as store;

use super::{App, Error, Result};
use crate::domain::region::RegionCode;

pub use linli_store::region::{Level, RegionRow};

/// A region with its parents and direct children.
#[derive(Debug, Clone)]
pub struct RegionView {
    /// The region.
    pub region: RegionRow,
    /// From the province down to the parent.
    pub ancestors: Vec<RegionRow>,
    /// Direct children in code order.
    pub children: Vec<RegionRow>,
}

/// The most regions one lookup may ask for.
pub const LOOKUP_LIMIT: usize = 500;

impl App {
    /// One region, its ancestry and children.
    pub async fn region(&self, code: &RegionCode) -> Result<RegionView> {
        let db = self.db();
        let mut ancestors = store::ancestry(db, code.as_str()).await?;
        let region = ancestors.pop().ok_or(Error::NotFound("region"))?;
        let children = store::children(db, code.as_str()).await?;
        Ok(RegionView { region, ancestors, children })
    }

    /// A region's official name.
    pub async fn region_name(&self, code: &str) -> Result<Option<String>> {
        Ok(store::get(self.db(), code).await?.map(|r| r.name))
    }

    /// Many regions at once, in the order asked; unknown codes are skipped.
    pub async fn lookup_regions(&self, codes: &[RegionCode]) -> Result<Vec<RegionRow>> {
        if codes.len() > LOOKUP_LIMIT {
            return Err(Error::Invalid { field: "codes", reason: format!("at most {LOOKUP_LIMIT} codes at a time") });
        }
        let wanted: Vec<&str> = codes.iter().map(RegionCode::as_str).collect();
        let rows = store::get_many(self.db(), &wanted).await?;
        Ok(wanted.iter().filter_map(|c| rows.iter().find(|r| r.code == *c).cloned()).collect())
    }
}
