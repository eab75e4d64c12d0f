//! The registry as a tree, district → street → community → grid → building
//! → house, within the user's scope; and what community staff change on it:
//! a grid's boundary, which grid a building belongs to, a house's use and
//! area, and the organisations (实有单位) of a grid.

use chrono::Utc;
use linli_store::registry::place::{self as store, BuildingRow, HouseRow, OrgRow, TeamMember};
use linli_store::registry::region::{Level, RegionRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::{covers, significant_prefix};
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::{HouseholdView, read_scope};
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::registry::place;
use crate::domain::registry::region::{GridCode, RegionCode};

/// A region of the tree as a user sees it.
#[derive(Debug, Clone)]
pub struct RegionNode {
    /// The region.
    pub region: RegionRow,
    /// From the province down to its parent, for the breadcrumb.
    pub ancestry: Vec<RegionRow>,
    /// Its children in the user's scope, with their households.
    pub children: Vec<(RegionRow, u64)>,
    /// A grid's buildings (empty above grids).
    pub buildings: Vec<BuildingRow>,
    /// A grid's or community's organisations.
    pub orgs: Vec<OrgRow>,
    /// A grid's workers: (account id, name).
    pub workers: Vec<(Uuid, String)>,
    /// Whether the user may assign grid workers here (community head or above).
    pub may_assign: bool,
    /// A grid's boundary (GeoJSON), if drawn.
    pub boundary: Option<String>,
    /// The service and governance team of a grid (or of a community's grids).
    pub team: Vec<TeamMember>,
    /// Whether the user may change it (community staff or head over it).
    pub may_manage: bool,
}

/// A building with its houses and who lives there.
#[derive(Debug, Clone)]
pub struct BuildingDetail {
    /// The building.
    pub building: BuildingRow,
    /// Its grid's name.
    pub grid_name: String,
    /// Houses, each with its household as the user may see it.
    pub houses: Vec<(HouseRow, Option<HouseholdView>)>,
    /// The grids of its community it could move to: (code, name).
    pub grids: Vec<(String, String)>,
    /// Whether the user may change it.
    pub may_manage: bool,
    /// Whether the user may register people moving in (works its grid).
    pub may_register: bool,
}

/// An organisation to register.
#[derive(Debug, Clone)]
pub struct NewOrg {
    /// Name.
    pub name: String,
    /// One of [`place::ORG_KINDS`].
    pub kind: String,
    /// Address.
    pub address: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact phone.
    pub contact_phone: String,
    /// 统一社会信用代码, or empty (a stall without one).
    pub licence: String,
}

/// Whether the user manages the region: community staff or head over it.
fn manages(user: &User, code: &str) -> bool {
    user.account.grants.iter().any(|(r, c)| matches!(r, Role::CommunityStaff | Role::CommunityHead) && covers(c, code))
}

/// Whether the user assigns grid workers on the region: a community head
/// over it, or a street or district admin (staff run the registry; heads
/// decide who works which grid).
fn assigns(user: &User, code: &str) -> bool {
    user.account.grants.iter().any(|(r, c)| {
        matches!(r, Role::CommunityHead | Role::StreetAdmin | Role::DistrictAdmin | Role::SystemAdmin)
            && covers(c, code)
    })
}

fn overlaps(scope: &[String], code: &str) -> bool {
    let p = significant_prefix(code);
    scope.iter().any(|s| p.starts_with(s.as_str()) || s.starts_with(p))
}

impl App {
    /// A region of the tree; `NotFound` outside the user's scope.
    pub async fn registry_region(&self, user: &User, code: &RegionCode) -> Result<RegionNode> {
        let code = code.as_str();
        let scope = read_scope(user);
        if !overlaps(&scope, code) {
            return Err(Error::RegionNotFound);
        }
        let mut ancestry = linli_store::registry::region::ancestry(self.db(), code).await?;
        let region = ancestry.pop().ok_or(Error::RegionNotFound)?;
        let under = significant_prefix(code).to_owned();
        let mut children = Vec::new();
        for child in linli_store::registry::region::children(self.db(), code).await? {
            if overlaps(&scope, &child.code) {
                let prefix = significant_prefix(&child.code).to_owned();
                let (_, n) =
                    linli_store::registry::household::households_page(self.db(), &scope, Some(&prefix), 0, 0).await?;
                children.push((child, n));
            }
        }
        let grid = matches!(region.level, Level::Grid | Level::SubGrid);
        let buildings = if grid { store::buildings_under(self.db(), &scope, &under).await? } else { Vec::new() };
        let orgs = if grid || region.level == Level::Community {
            store::orgs_under(self.db(), &scope, &under).await?
        } else {
            Vec::new()
        };
        let (workers, boundary) = if grid {
            (
                linli_store::registry::place::grid_worker_accounts(self.db(), code).await?,
                store::boundary(self.db(), code).await?,
            )
        } else {
            (Vec::new(), None)
        };
        let team = if grid || region.level == Level::Community {
            store::team_under(self.db(), &under).await?
        } else {
            Vec::new()
        };
        Ok(RegionNode {
            may_manage: manages(user, code),
            may_assign: grid && assigns(user, code),
            team,
            region,
            ancestry,
            children,
            buildings,
            orgs,
            workers,
            boundary,
        })
    }

    async fn building_in_scope(&self, user: &User, id: Uuid) -> Result<BuildingRow> {
        store::building_in_scope(self.db(), &read_scope(user), id).await?.ok_or(Error::NotFound("building"))
    }

    /// A building with its houses and households; `NotFound` outside scope.
    pub async fn building_detail(&self, user: &User, id: Uuid) -> Result<BuildingDetail> {
        let building = self.building_in_scope(user, id).await?;
        let houses = store::houses_of(self.db(), &building.community_id, id).await?;
        let rows = linli_store::registry::household::households_in_building(self.db(), &read_scope(user), id).await?;
        let mut views = self.with_people(user, rows).await?;
        let houses = houses
            .into_iter()
            .map(|h| {
                let view =
                    h.household.and_then(|id| views.iter().position(|v| v.row.id == id)).map(|i| views.remove(i));
                (h, view)
            })
            .collect();
        let grids = linli_store::registry::region::grids_in(self.db(), std::slice::from_ref(&building.community_id))
            .await?
            .into_iter()
            .map(|g| (g.code, g.name))
            .collect::<Vec<_>>();
        let grid_name = grids.iter().find(|g| g.0 == building.grid_code).map(|g| g.1.clone()).unwrap_or_default();
        Ok(BuildingDetail {
            may_manage: manages(user, &building.grid_code),
            may_register: crate::app::registry::household::works(user, &building.grid_code),
            building,
            grid_name,
            houses,
            grids,
        })
    }

    /// Moves a building to another grid of its community; its households'
    /// scope moves with it.
    pub async fn move_building(&self, user: &User, ip: &str, id: Uuid, grid: &GridCode) -> Result<()> {
        let grid = grid.as_str();
        let b = self.building_in_scope(user, id).await?;
        if !manages(user, &b.grid_code) || !manages(user, grid) {
            return Err(Error::Forbidden);
        }
        let target = linli_store::registry::region::get(self.db(), grid)
            .await?
            .filter(|r| matches!(r.level, Level::Grid | Level::SubGrid) && r.code.starts_with(b.community_id.as_str()));
        let target = target.ok_or_else(|| Error::invalid("grid", Reason::NotAGridHere))?;
        let mut tx = self.db().begin().await?;
        store::set_building_grid(&mut tx, &b.community_id, id, &target.code).await?;
        let detail = json!({ "building": id, "before": { "grid": b.grid_code }, "after": { "grid": target.code } });
        record(&mut tx, &user.actor(ip), "building.move", &b.name, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a house's use and area (m², as typed: `86.5`).
    pub async fn set_house(
        &self,
        user: &User,
        ip: &str,
        building: Uuid,
        house: Uuid,
        (house_use, area): (&str, &str),
    ) -> Result<()> {
        if !place::HOUSE_USES.contains(&house_use) {
            return Err(Error::invalid("house_use", Reason::HouseUse { uses: &place::HOUSE_USES }));
        }
        let area = parse_area(area).ok_or_else(|| Error::invalid("area", Reason::HouseArea))?;
        let b = self.building_in_scope(user, building).await?;
        if !manages(user, &b.grid_code) {
            return Err(Error::Forbidden);
        }
        let before = store::houses_of(self.db(), &b.community_id, building).await?;
        let before = before.iter().find(|h| h.id == house).ok_or(Error::NotFound("house"))?;
        let mut tx = self.db().begin().await?;
        store::set_house(&mut tx, &b.community_id, house, house_use, area).await?;
        let detail = json!({ "house": house,
            "before": { "use": before.house_use, "area": before.area_centi_m2 },
            "after": { "use": house_use, "area": area } });
        record(
            &mut tx,
            &user.actor(ip),
            "house.update",
            &format!("{} {}-{}", b.name, before.unit, before.room),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The grid whose boundary holds a point (WGS-84), among the grids under
    /// `under` (every grid for ""): the deepest, a sub-grid before its grid.
    pub async fn grid_at(&self, point: crate::domain::registry::geo::LonLat, under: &str) -> Result<Option<String>> {
        use crate::domain::registry::geo;
        let found = store::boundaries(self.db(), &[under.to_owned()])
            .await?
            .into_iter()
            .filter(|(_, _, b)| geo::polygon(b).is_some_and(|p| geo::holds(&p, point)))
            .map(|(code, _, _)| code)
            .max_by_key(String::len);
        Ok(found)
    }

    /// Draws (or, with empty text, clears) a grid's boundary.
    pub async fn set_boundary(&self, user: &User, ip: &str, code: &RegionCode, text: &str) -> Result<()> {
        let grid = self.grid_here(user, code, manages, Reason::BoundaryOnGridsOnly).await?;
        let grid = grid.as_str();
        let geojson = match text.trim() {
            "" => None,
            t => Some(place::boundary(t).map_err(|e| Error::invalid("boundary", Reason::Boundary(e)))?),
        };
        let mut tx = self.db().begin().await?;
        store::set_boundary(&mut tx, grid, geojson.as_deref()).await?;
        record(&mut tx, &user.actor(ip), "grid.boundary", grid, json!({ "cleared": geojson.is_none() })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Registers an organisation in a grid.
    pub async fn add_org(&self, user: &User, ip: &str, code: &RegionCode, new: NewOrg) -> Result<Uuid> {
        let grid = self.grid_here(user, code, manages, Reason::OrgUnderGrid).await?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(Error::invalid("name", Reason::OrgName));
        }
        if !place::ORG_KINDS.contains(&new.kind.as_str()) {
            return Err(Error::invalid("kind", Reason::OrgKind { kinds: &place::ORG_KINDS }));
        }
        let licence = match new.licence.trim() {
            "" => String::new(),
            t => place::credit_code(t).ok_or_else(|| Error::invalid("licence", Reason::CreditCode))?,
        };
        let phone = new.contact_phone.trim();
        if !phone.is_empty() && (phone.len() > 20 || !phone.bytes().all(|b| b.is_ascii_digit() || b == b'-')) {
            return Err(Error::invalid("contact_phone", Reason::ContactPhoneChars));
        }
        let id = Uuid::now_v7();
        let row = OrgRow {
            community_id: grid.community().into_string(),
            id,
            grid_code: grid.as_str().to_owned(),
            building_id: None,
            name: name.to_owned(),
            kind: new.kind,
            address: new.address.trim().chars().take(100).collect(),
            contact_name: new.contact_name.trim().chars().take(32).collect(),
            contact_phone: phone.to_owned(),
            licence,
            status: "open".into(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::insert_orgs(&mut tx, std::slice::from_ref(&row)).await?;
        let detail = json!({ "id": id, "grid": grid.as_str() });
        record(&mut tx, &user.actor(ip), "organisation.create", &row.name, detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a member to a grid's team.
    pub async fn add_team_member(
        &self,
        user: &User,
        ip: &str,
        code: &RegionCode,
        (role, name, phone): (&str, &str, &str),
    ) -> Result<Uuid> {
        let grid = self.grid_here(user, code, manages, Reason::TeamUnderGrid).await?;
        if !place::TEAM_ROLES.contains(&role) {
            return Err(Error::invalid("role", Reason::TeamRole { roles: &place::TEAM_ROLES }));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::PersonName));
        }
        let phone = phone.trim();
        if phone.len() > 20 || !phone.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(Error::invalid("phone", Reason::PhoneChars));
        }
        let member = TeamMember {
            community_id: grid.community().into_string(),
            id: Uuid::now_v7(),
            grid_code: grid.as_str().to_owned(),
            role: role.to_owned(),
            name: name.to_owned(),
            phone: phone.to_owned(),
        };
        let mut tx = self.db().begin().await?;
        store::insert_team_members(&mut tx, std::slice::from_ref(&member)).await?;
        let detail = json!({ "id": member.id, "role": role, "name": name });
        record(&mut tx, &user.actor(ip), "team.join", grid.as_str(), detail).await?;
        tx.commit().await?;
        Ok(member.id)
    }

    /// Takes a member off a grid's team (kept on record as inactive).
    pub async fn remove_team_member(&self, user: &User, ip: &str, grid: &RegionCode, id: Uuid) -> Result<()> {
        let grid = grid.as_str();
        if !manages(user, grid) {
            return Err(Error::NotFound("member"));
        }
        let mut tx = self.db().begin().await?;
        if !store::leave_team(&mut tx, grid, id).await? {
            return Err(Error::NotFound("member"));
        }
        record(&mut tx, &user.actor(ip), "team.leave", grid, json!({ "id": id })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes an account a grid worker of a grid (by user name or phone).
    pub async fn assign_grid_worker(&self, user: &User, ip: &str, grid: &RegionCode, login: &str) -> Result<()> {
        self.grid_here(user, grid, assigns, Reason::WorkerUnderGrid).await?;
        let account = self.account_by_login(login).await.map_err(|_| Error::invalid("login", Reason::NoSuchAccount))?;
        self.grant(&user.actor(ip), &account, Role::GridWorker, grid).await?;
        Ok(())
    }

    /// Takes a grid worker off a grid.
    pub async fn unassign_grid_worker(&self, user: &User, ip: &str, grid: &RegionCode, account: Uuid) -> Result<()> {
        self.grid_here(user, grid, assigns, Reason::WorkerUnderGrid).await?;
        let row = linli_store::access::account::get(self.db(), account).await?.ok_or(Error::NotFound("account"))?;
        self.revoke(&user.actor(ip), &row, Role::GridWorker, grid).await?;
        Ok(())
    }

    /// The grid (or sub-grid) a change on `code` is made in: a region that
    /// is not one is refused with `not_grid`; one the user may not change
    /// (`may`) is forbidden, or not found outside the user's scope.
    async fn grid_here(
        &self,
        user: &User,
        code: &RegionCode,
        may: fn(&User, &str) -> bool,
        not_grid: Reason,
    ) -> Result<GridCode> {
        let region =
            linli_store::registry::region::get(self.db(), code.as_str()).await?.ok_or(Error::RegionNotFound)?;
        let grid = code.as_grid().filter(|_| matches!(region.level, Level::Grid | Level::SubGrid));
        let grid = grid.ok_or_else(|| Error::invalid("grid", not_grid))?;
        if !may(user, grid.as_str()) {
            return Err(if overlaps(&read_scope(user), grid.as_str()) {
                Error::Forbidden
            } else {
                Error::RegionNotFound
            });
        }
        Ok(grid)
    }

    /// Marks an organisation of a grid closed; it stays on record.
    pub async fn close_org(&self, user: &User, ip: &str, grid: &RegionCode, id: Uuid) -> Result<()> {
        let grid = grid.as_str();
        if !manages(user, grid) {
            return Err(Error::NotFound("organisation"));
        }
        let orgs = store::orgs_under(self.db(), &read_scope(user), grid).await?;
        let org = orgs.iter().find(|o| o.id == id).ok_or(Error::NotFound("organisation"))?;
        let mut tx = self.db().begin().await?;
        if !store::close_org(&mut tx, &org.community_id, id).await? {
            return Err(Error::invalid("status", Reason::AlreadyClosed));
        }
        record(&mut tx, &user.actor(ip), "organisation.close", &org.name, json!({ "id": id })).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Square metres as typed (`86`, `86.5`, `86.25`) in hundredths.
fn parse_area(text: &str) -> Option<i64> {
    let t = crate::domain::registry::sheet::clean(text);
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value = whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?;
    (value <= 1_000_000).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_read_exactly_in_hundredths() {
        assert_eq!(parse_area("86"), Some(8600));
        assert_eq!(parse_area("86.5"), Some(8650));
        assert_eq!(parse_area(" 86.25 "), Some(8625));
        assert_eq!(parse_area("８６"), Some(8600), "full-width digits");
        assert_eq!(parse_area("86.255"), None);
        assert_eq!(parse_area("-3"), None);
        assert_eq!(parse_area("10001"), None);
        assert_eq!(parse_area(""), None);
    }
}

/// A person as a form gives them, before checks.
#[derive(Debug, Clone, Default)]
pub struct PersonForm {
    /// Name.
    pub name: String,
    /// ID number (居民身份证 and the other GB 11643 types).
    pub id_number: String,
    /// Mobile number, or empty.
    pub phone: String,
    /// Relation to the head.
    pub relation: String,
    /// Tags, separated by 、 or commas.
    pub tags: String,
    /// ID type, ethnicity, political status, residency, employment (empty: the common value).
    pub facts: [String; 5],
    /// Birth date, for a passport (an ID number carries its own).
    pub birth_date: String,
    /// Sex (男/女), for a passport.
    pub sex: String,
}

impl PersonForm {
    /// The checked person, or the first problem.
    pub fn checked(&self) -> Result<super::household::NewPerson> {
        let today = Utc::now().date_naive();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::PersonName));
        }
        let id_number: crate::domain::registry::identity::Identity =
            if self.facts[0].trim() == crate::domain::registry::person::PASSPORT {
                crate::domain::registry::identity::Passport::parse(&self.id_number, &self.birth_date, &self.sex, today)
                    .map(crate::domain::registry::identity::Identity::Passport)
                    .map_err(|p| Error::invalid("id_number", Reason::Passport(p)))?
            } else {
                crate::domain::registry::id_number::IdNumber::parse(&self.id_number, today)
                    .map_err(|p| Error::invalid("id_number", Reason::IdNumber(p)))?
                    .into()
            };
        let phone = match self.phone.trim() {
            "" => None,
            t => Some(
                crate::domain::registry::phone::Phone::parse(t).map_err(|_| Error::invalid("phone", Reason::Mobile))?,
            ),
        };
        let [id_type, ethnicity, political, residency, employment] = &self.facts;
        let facts = crate::domain::registry::person::facts(id_type, ethnicity, political, residency, employment)
            .map_err(|mut p| {
                let first = p.remove(0);
                Error::invalid(first.field(), Reason::Fact(first))
            })?;
        Ok(super::household::NewPerson {
            name: name.to_owned(),
            id_number,
            phone,
            relation: crate::domain::registry::person::relation(&self.relation).to_owned(),
            tags: self
                .tags
                .split(['、', '，', ',', ';', '；', ' '])
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            facts: super::household::stored_facts(&facts),
        })
    }
}

impl App {
    /// Creates a grid in a community the user manages.
    pub async fn create_grid(
        &self,
        user: &User,
        ip: &str,
        code: &RegionCode,
        number: &str,
        name: &str,
    ) -> Result<GridCode> {
        let community = code.as_str();
        if !manages(user, community) {
            return Err(if overlaps(&read_scope(user), community) { Error::Forbidden } else { Error::RegionNotFound });
        }
        let number: u16 = number.trim().parse().map_err(|_| Error::invalid("number", Reason::GridNumber))?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::GridName));
        }
        if linli_store::registry::region::get(self.db(), &format!("{community}{number:03}")).await?.is_some() {
            return Err(Error::invalid("number", Reason::GridExists));
        }
        // Grids are numbered in a community; in anything else, what adding says.
        let community = code.as_community().ok_or_else(|| Error::invalid("grid", Reason::GridNumbering))?;
        self.add_grid(&user.actor(ip), &community, number, name).await
    }

    /// Adds a building to a grid the user manages.
    pub async fn create_building(&self, user: &User, ip: &str, code: &RegionCode, name: &str) -> Result<Uuid> {
        let grid = self.grid_here(user, code, manages, Reason::BuildingUnderGrid).await?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(Error::invalid("name", Reason::BuildingName));
        }
        if linli_store::registry::building::buildings_of_grid(self.db(), &grid).await?.iter().any(|(_, n)| n == name) {
            return Err(Error::invalid("name", Reason::BuildingNameTaken));
        }
        self.add_building(&user.actor(ip), &grid, name).await
    }

    /// Registers a household moving into a house of a building (the house
    /// is created when the building has none at that address): the user
    /// must work the building's grid.
    pub async fn move_in_household(
        &self,
        user: &User,
        ip: &str,
        building: Uuid,
        (unit, room): (&str, &str),
        head: &PersonForm,
    ) -> Result<Uuid> {
        let b = self.building_in_scope(user, building).await?;
        if !super::household::works(user, &b.grid_code) {
            return Err(Error::Forbidden);
        }
        let (unit, room) = (crate::domain::registry::sheet::clean(unit), crate::domain::registry::sheet::clean(room));
        let unit = if unit.is_empty() { "1".to_owned() } else { unit };
        if room.is_empty() || room.chars().count() > 16 || unit.chars().count() > 16 {
            return Err(Error::invalid("room", Reason::RoomNumber));
        }
        let person = PersonForm { relation: "本人".into(), ..head.clone() }.checked()?;
        self.refuse_registered(&person).await?;
        let houses = store::houses_of(self.db(), &b.community_id, building).await?;
        let existing = houses.iter().find(|h| h.unit == unit && h.room == room);
        if existing.is_some_and(|h| h.household.is_some()) {
            return Err(Error::invalid("room", Reason::HouseTaken));
        }
        let household = match existing {
            Some(h) => self.add_household_in(&user.actor(ip), &b.community_id, h.id, &person).await?,
            None => {
                self.add_household(
                    &user.actor(ip),
                    &Error::community(&b.community_id)?,
                    building,
                    (&unit, &room, 0),
                    std::slice::from_ref(&person),
                )
                .await?
            }
        };
        Ok(household)
    }

    /// Registers a person moving into a household the user works.
    pub async fn move_in_person(&self, user: &User, ip: &str, household: Uuid, form: &PersonForm) -> Result<Uuid> {
        let h = self.household(user, household).await?;
        if !super::household::works(user, &h.row.grid_code) {
            return Err(Error::Forbidden);
        }
        let person = form.checked()?;
        self.refuse_registered(&person).await?;
        let row = super::household::person_row(&self.keys(), &h.row.community_id, household, &person);
        let id = row.id;
        let mut tx = self.db().begin().await?;
        linli_store::registry::person::insert_person(&mut tx, &row).await?;
        let change = json!({ "field": "住址", "before": "", "after": format!("{} {}-{}", h.row.building, h.row.unit, h.row.room) });
        let stored = linli_store::registry::person::PersonRow {
            community_id: row.community_id.clone(),
            id,
            household_id: household,
            name: row.name.clone(),
            id_sealed: String::new(),
            id_masked: row.id_masked.clone(),
            birth_month: row.birth_month,
            sex: row.sex.clone(),
            phone_sealed: None,
            relation: row.relation.clone(),
            tags: row.tags.clone(),
            facts: row.facts.clone(),
            status: "active".into(),
            registered_at: None,
        };
        self.write_history(&mut tx, &user.actor(ip), &stored, "move_in", None, vec![change]).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Refuses a person already in the registry (anywhere): they move
    /// between houses from their own page instead.
    async fn refuse_registered(&self, p: &super::household::NewPerson) -> Result<()> {
        let hashes = self.keys().lookup_hashes("id", &p.id_number.lookup_text());
        if !linli_store::registry::person::existing_id_hashes(self.db(), &hashes).await?.is_empty() {
            return Err(Error::invalid("id_number", Reason::AlreadyRegistered { masked: p.id_number.masked() }));
        }
        Ok(())
    }
}
