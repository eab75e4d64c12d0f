//! Buildings' QR codes: a printable sheet for staff, and the public page a
//! code opens (reporting and services attach to it in later issues).

use linli_store::registry::building::{self as store, BuildingCard};
use linli_store::registry::place;

use crate::app::access::auth::User;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::registry::region::CommunityCode;

/// What a building's public page shows: nothing personal but the names of
/// the grid workers people can turn to.
#[derive(Debug, Clone)]
pub struct BuildingPage {
    /// The building.
    pub card: BuildingCard,
    /// The community's everyday name.
    pub community: String,
    /// The grid's name.
    pub grid: String,
    /// Grid workers of that grid.
    pub grid_workers: Vec<String>,
}

impl App {
    /// The public page of a building's QR code.
    pub async fn building_page(&self, community: &CommunityCode, token: &str) -> Result<BuildingPage> {
        let card = store::building_by_token(self.db(), community, token).await?.ok_or(Error::NotFound("building"))?;
        let community = linli_store::registry::region::get(self.db(), &card.community_id)
            .await?
            .map(|r| r.short_name)
            .unwrap_or_default();
        let grid =
            linli_store::registry::region::get(self.db(), &card.grid_code).await?.map(|r| r.name).unwrap_or_default();
        let grid_workers = place::grid_workers(self.db(), &card.grid_code).await?;
        Ok(BuildingPage { card, community, grid, grid_workers })
    }

    /// Every building of a community, for its QR sheet; staff of the community only.
    pub async fn building_cards(&self, user: &User, community: &CommunityCode) -> Result<Vec<BuildingCard>> {
        let staff = user.account.grants.iter().any(|(r, c)| {
            matches!(
                r,
                crate::domain::access::role::Role::CommunityStaff | crate::domain::access::role::Role::CommunityHead
            ) && community.as_str().starts_with(crate::app::access::account::significant_prefix(c))
        });
        if !staff || !works(user, community.as_str()) {
            return Err(Error::RegionNotFound);
        }
        Ok(store::buildings_of_community(self.db(), community).await?)
    }
}
