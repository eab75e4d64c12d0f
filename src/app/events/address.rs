//! Where a report is: a building of its community and, when the reporter
//! says, the house in it. Offered to anyone reporting, so only names: no QR
//! token (a building's code stays on the building), no household and no use
//! of the house (a list of empty flats is not for strangers).

use uuid::Uuid;

use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::registry::region::CommunityCode;

/// A building or a house as a reporter picks it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Place {
    /// Its id.
    pub id: Uuid,
    /// As people say it: 交通路苑1号楼, or 2-301 (unit-room).
    pub name: String,
}

/// A house as it reads after its building: unit-room.
pub fn house_label(unit: &str, room: &str) -> String {
    format!("{unit}-{room}")
}

impl App {
    /// The buildings of a community linli serves, in the order people read them.
    pub async fn report_buildings(&self, community: &CommunityCode) -> Result<Vec<Place>> {
        self.community(community).await?.ok_or_else(|| Error::invalid("community", Reason::ChooseCommunity))?;
        let cards = linli_store::registry::building::buildings_of_community(self.db(), community).await?;
        let mut places: Vec<Place> = cards.into_iter().map(|b| Place { id: b.id, name: b.name }).collect();
        // A resident looks for her estate, then her number: 交通路苑1号楼,
        // 交通路苑2号楼 … before 交通路小区1号楼, whatever grid each is in.
        places.sort_by_cached_key(|p| {
            let estate = p.name.split(|c: char| c.is_ascii_digit()).next().unwrap_or("").to_owned();
            (estate, crate::domain::registry::building::sort_key(&p.name))
        });
        Ok(places)
    }

    /// The houses of a building of a community, by unit and room.
    pub async fn report_houses(&self, community: &CommunityCode, building: Uuid) -> Result<Vec<Place>> {
        linli_store::registry::building::building_card(self.db(), community.as_str(), building)
            .await?
            .ok_or(Error::NotFound("building"))?;
        let houses = linli_store::registry::place::houses_of(self.db(), community.as_str(), building).await?;
        Ok(houses.into_iter().map(|h| Place { id: h.id, name: house_label(&h.unit, &h.room) }).collect())
    }

    /// The house's label when it is in the building; refused otherwise.
    pub(crate) async fn house_in(&self, community: &str, building: Uuid, house: Uuid) -> Result<String> {
        let houses = linli_store::registry::place::houses_of(self.db(), community, building).await?;
        houses
            .into_iter()
            .find(|h| h.id == house)
            .map(|h| house_label(&h.unit, &h.room))
            .ok_or_else(|| Error::invalid("house", Reason::HouseNotInBuilding))
    }
}
