//! Households and the people in them, as each role may see them.
//!
//! - Scope is in the query: the caller's grants become region-code prefixes
//!   that the store puts in the WHERE clause; a household outside them is
//!   "not found", never "forbidden", so its existence does not leak.
//! - ID numbers and phones are shown masked; a grid worker or community staff
//!   covering the household may see a full ID number by a deliberate action
//!   with a reason, which is audited.
//! - Sensitive tags (health, corrections) and children under 14 are shown
//!   only to those who work the household (grid workers, community staff).

use chrono::{NaiveDate, Utc};
use linli_store::registry::building;
use linli_store::registry::household::{self, HouseholdRow};
use linli_store::registry::person::{self as store, PersonRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::{covers, significant_prefix};
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::{CommunityCode, GridCode, RegionCode};

/// Roles that read the registry, and so the grants that give scope.
const READERS: [Role; 5] =
    [Role::GridWorker, Role::CommunityStaff, Role::CommunityHead, Role::StreetAdmin, Role::DistrictAdmin];

/// Roles that work households directly: full views, sensitive tags, minors.
const WORKERS: [Role; 3] = [Role::GridWorker, Role::CommunityStaff, Role::CommunityHead];

/// Tags about health, corrections and the like (PIPL sensitive information).
pub const SENSITIVE_TAGS: [&str; 5] = ["残疾人", "严重精神障碍", "社区矫正", "戒毒康复", "重点青少年"];

/// The look-up hash kind of an ID number's last four characters.
pub(crate) const ID_TAIL: &str = "id_tail";

/// Under this age a person's details are a child's (PIPL art. 28).
pub const CHILD_AGE: u32 = 14;

/// The region-code prefixes a user may read households under.
pub fn read_scope(user: &User) -> Vec<String> {
    let mut p: Vec<String> = user
        .account
        .grants
        .iter()
        .filter(|(r, _)| READERS.contains(r))
        .map(|(_, c)| significant_prefix(c).to_owned())
        .collect();
    p.sort();
    p.dedup();
    p
}

/// Whether the user works the grid this code belongs to.
pub fn works(user: &User, grid_code: &str) -> bool {
    user.account.grants.iter().any(|(r, c)| WORKERS.contains(r) && covers(c, grid_code))
}

/// A person as a role may see them.
#[derive(Debug, Clone)]
pub struct PersonView {
    /// Identifier.
    pub id: Uuid,
    /// Name (a child's is masked for those who do not work the household).
    pub name: String,
    /// 男 or 女.
    pub sex: &'static str,
    /// Age in years.
    pub age: u32,
    /// Masked ID number, or the full one right after a recorded "show".
    pub id_number: String,
    /// Masked phone.
    pub phone: Option<String>,
    /// Relation to the head.
    pub relation: String,
    /// Tags this viewer may see.
    pub tags: Vec<String>,
    /// Whether this viewer may ask to see the full ID number.
    pub may_reveal: bool,
    /// Whether they still live here (在住), moved away or died.
    pub status: crate::app::registry::person::Status,
}

/// A household with its people.
#[derive(Debug, Clone)]
pub struct HouseholdView {
    /// The household and where it is.
    pub row: HouseholdRow,
    /// Its people, oldest first.
    pub people: Vec<PersonView>,
    /// Whether the viewer works this household's grid.
    pub works_here: bool,
}

/// Full-export confirmations (password typed again) one account may try in
/// 15 minutes: exports are rare, guesses are not.
pub const CONFIRMS_PER_15_MIN: i64 = 5;

/// Proof that a full export was confirmed (reason and password again):
/// made only by [`App::confirm_full_export`].
#[derive(Debug, Clone)]
pub struct FullExport {
    reason: String,
}

/// A grid filter is a community or a grid in one (a district's code is
/// not).
fn check_grid_filter(grid: Option<&RegionCode>) -> Result<()> {
    match grid {
        Some(g) if g.community().is_none() => Err(Error::invalid("grid", Reason::GridDigits)),
        _ => Ok(()),
    }
}

/// A grid filter is a community or a grid; a full export says why.
fn check_export(grid: Option<&RegionCode>, full: Option<&str>) -> Result<()> {
    check_grid_filter(grid)?;
    if let Some(reason) = full
        && !(2..=200).contains(&reason.trim().chars().count())
    {
        return Err(Error::invalid("reason", Reason::SayWhy));
    }
    Ok(())
}

/// Households per page of a list.
pub const PER_PAGE: u64 = 50;

/// The last page a list is read at: 50 million households in, more than
/// any scope holds. A larger page number shows this one (empty), so paging
/// arithmetic never overflows whatever number a link carries.
pub const MAX_PAGE: u64 = 1_000_000;

/// A page of households.
#[derive(Debug, Clone)]
pub struct HouseholdPage {
    /// This page's households.
    pub items: Vec<HouseholdView>,
    /// How many there are in all.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// The grids in the user's scope, to filter by: (code, name).
    pub grids: Vec<(String, String)>,
}

impl HouseholdPage {
    /// How many pages there are.
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(PER_PAGE).max(1)
    }
}

pub(crate) fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| format!("{first}{}", "*".repeat(chars.count().max(1))))
}

impl App {
    /// A person's birth date to the day: from the sealed number when it is a
    /// GB 11643 one (only the month is stored in clear); for a passport, or
    /// a value no key opens, the first of the birth month.
    pub(crate) fn birth_date_of(&self, p: &PersonRow) -> NaiveDate {
        if p.facts.id_type != crate::domain::registry::person::PASSPORT
            && let Some(id) = self
                .open_sealed(&p.id_sealed)
                .and_then(|t| crate::domain::registry::id_number::IdNumber::parse(&t, NaiveDate::MAX).ok())
        {
            return id.birth_date();
        }
        p.birth_month
    }

    pub(crate) fn view_person(&self, p: &PersonRow, works_here: bool, today: NaiveDate) -> PersonView {
        let age = today.years_since(self.birth_date_of(p)).unwrap_or(0);
        let child = age < CHILD_AGE;
        PersonView {
            id: p.id,
            name: if child && !works_here { mask_name(&p.name) } else { p.name.clone() },
            sex: if p.sex == "male" { "男" } else { "女" },
            age,
            id_number: p.id_masked.clone(),
            phone: p
                .phone_sealed
                .as_deref()
                .and_then(|s| self.open_sealed(s))
                .and_then(|t| Phone::parse(&t).ok())
                .map(|x| x.masked()),
            relation: p.relation.clone(),
            tags: p
                .tags
                .split(',')
                .filter(|t| !t.is_empty() && (works_here || !SENSITIVE_TAGS.contains(t)))
                .map(str::to_owned)
                .collect(),
            may_reveal: works_here,
            status: crate::app::registry::person::Status::parse(&p.status),
        }
    }

    pub(crate) async fn with_people(&self, user: &User, rows: Vec<HouseholdRow>) -> Result<Vec<HouseholdView>> {
        let keys: Vec<(String, Uuid)> = rows.iter().map(|h| (h.community_id.clone(), h.id)).collect();
        let people = store::people_of(self.db(), &keys).await?;
        let today = Utc::now().date_naive();
        Ok(rows
            .into_iter()
            .map(|row| {
                let works_here = works(user, &row.grid_code);
                let people = people
                    .iter()
                    .filter(|p| p.household_id == row.id && p.community_id == row.community_id)
                    .map(|p| self.view_person(p, works_here, today))
                    .collect();
                HouseholdView { row, people, works_here }
            })
            .collect())
    }

    /// A resident's view of their own household: everything but full IDs.
    pub(crate) async fn own_household_view(&self, row: HouseholdRow) -> Result<Option<HouseholdView>> {
        let people = store::people_of(self.db(), &[(row.community_id.clone(), row.id)]).await?;
        let today = Utc::now().date_naive();
        let people =
            people.iter().map(|p| PersonView { may_reveal: false, ..self.view_person(p, true, today) }).collect();
        Ok(Some(HouseholdView { row, people, works_here: false }))
    }

    /// The households the user may see (at most `limit`).
    pub async fn households(&self, user: &User, limit: u64) -> Result<Vec<HouseholdView>> {
        let rows = household::households(self.db(), &read_scope(user), limit).await?;
        self.with_people(user, rows).await
    }

    /// One page of the households the user may see, optionally in one grid.
    pub async fn households_page(&self, user: &User, grid: Option<&RegionCode>, page: u64) -> Result<HouseholdPage> {
        check_grid_filter(grid)?;
        let page = page.clamp(1, MAX_PAGE);
        let grid = grid.map(RegionCode::as_str);
        let (rows, total) =
            household::households_page(self.db(), &read_scope(user), grid, (page - 1) * PER_PAGE, PER_PAGE).await?;
        let items = self.with_people(user, rows).await?;
        Ok(HouseholdPage { items, total, page, grids: self.my_grids(user).await? })
    }

    /// The grids in the user's scope, to choose among: (code, name).
    pub async fn my_grids(&self, user: &User) -> Result<Vec<(String, String)>> {
        let grids = linli_store::registry::region::grids_in(self.db(), &read_scope(user)).await?;
        Ok(grids.into_iter().map(|r| (r.code, r.name)).collect())
    }

    /// One household, or `NotFound` when it is outside the user's scope.
    pub async fn household(&self, user: &User, id: Uuid) -> Result<HouseholdView> {
        let row = household::household_in_scope(self.db(), &read_scope(user), id)
            .await?
            .ok_or(Error::NotFound("household"))?;
        Ok(self.with_people(user, vec![row]).await?.remove(0))
    }

    /// Confirms a full export: the staff member gave a reason and typed
    /// their password again (a link or a forged form cannot). Attempts are
    /// counted per account before the password is checked
    /// ([`CONFIRMS_PER_15_MIN`], one database step, so parallel guesses
    /// cannot pass it) and each wrong password is audited.
    pub async fn confirm_full_export(&self, user: &User, ip: &str, reason: &str, password: &str) -> Result<FullExport> {
        check_export(None, Some(reason))?;
        if !user.account.grants.iter().any(|(r, _)| WORKERS.contains(r)) {
            return Err(Error::Forbidden);
        }
        let counter = format!("export_confirm:{}", user.account.row.id);
        let window = chrono::Duration::minutes(15);
        if !linli_store::access::limit::take(self.db(), &counter, CONFIRMS_PER_15_MIN, window, Utc::now()).await? {
            return Err(Error::TooMany);
        }
        if !crate::app::access::account::verify_password(password, &user.account.row.password_hash) {
            let mut tx = self.db().begin().await?;
            let detail = json!({ "reason": reason.trim() });
            record(&mut tx, &user.actor(ip), "export.confirm_refused", "households", detail).await?;
            tx.commit().await?;
            return Err(Error::invalid("password", Reason::WrongPassword));
        }
        Ok(FullExport { reason: reason.trim().to_owned() })
    }

    /// Every household in scope as sheet rows, masked; with `full` (a
    /// confirmed full export, and only households the user works) the full
    /// ID numbers and phones. Either way the export is audited.
    pub async fn export_households(
        &self,
        user: &User,
        ip: &str,
        grid: Option<&RegionCode>,
        full: Option<&FullExport>,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<Vec<String>>> {
        let full = full.map(|f| f.reason.as_str());
        check_export(grid, full)?;
        if full.is_some() && !user.account.grants.iter().any(|(r, _)| WORKERS.contains(r)) {
            return Err(Error::Forbidden);
        }
        let scope = read_scope(user);
        self.export_rows(&user.actor(ip), &scope, &|g| works(user, g), grid, full, progress).await
    }

    /// Every household as sheet rows for the operator at the command line
    /// (the whole registry, or one grid); audited like any export.
    pub async fn export_households_cli(
        &self,
        grid: Option<&RegionCode>,
        full: Option<&str>,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<Vec<String>>> {
        check_export(grid, full)?;
        self.export_rows(&crate::app::access::audit::Actor::cli(), &[String::new()], &|_| true, grid, full, progress)
            .await
    }

    async fn export_rows(
        &self,
        actor: &crate::app::access::audit::Actor,
        scope: &[String],
        works_on: &(dyn Fn(&str) -> bool + Sync),
        grid: Option<&RegionCode>,
        full: Option<&str>,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<Vec<String>>> {
        let grid = grid.map(RegionCode::as_str);
        let (rows, _) = household::households_page(self.db(), scope, grid, 0, u32::MAX as u64).await?;
        let today = Utc::now().date_naive();
        let mut out = Vec::new();
        for (done, chunk) in rows.chunks(500).enumerate() {
            let keys: Vec<(String, Uuid)> = chunk.iter().map(|h| (h.community_id.clone(), h.id)).collect();
            let mut people: std::collections::HashMap<Uuid, Vec<PersonRow>> = std::collections::HashMap::new();
            for p in store::people_of(self.db(), &keys).await? {
                people.entry(p.household_id).or_default().push(p);
            }
            for h in chunk {
                let works_here = works_on(&h.grid_code);
                // A full export holds only the households the user works.
                if full.is_some() && !works_here {
                    continue;
                }
                for p in people.get(&h.id).into_iter().flatten() {
                    let v = self.view_person(p, works_here, today);
                    let (id, phone) = if full.is_some() {
                        (
                            self.open_sealed(&p.id_sealed).unwrap_or_else(|| p.id_masked.clone()),
                            p.phone_sealed.as_deref().and_then(|s| self.open_sealed(s)).unwrap_or_default(),
                        )
                    } else {
                        (v.id_number.clone(), v.phone.clone().unwrap_or_default())
                    };
                    out.push(vec![
                        h.grid_code.clone(),
                        h.building.clone(),
                        h.unit.clone(),
                        h.room.clone(),
                        v.name,
                        v.sex.to_owned(),
                        v.age.to_string(),
                        id,
                        phone,
                        v.relation,
                        crate::domain::registry::person::ethnicity_name(&p.facts.ethnicity).to_owned(),
                        p.facts.political.clone(),
                        p.facts.residency.clone(),
                        p.facts.employment.clone(),
                        v.tags.join("、"),
                    ]);
                }
            }
            progress(((done + 1) * 500).min(rows.len()), rows.len());
        }
        let mut tx = self.db().begin().await?;
        let action = if full.is_some() { "export.households_full" } else { "export.households" };
        let target = if scope == [String::new()] { "全部 / all".to_owned() } else { scope.join(",") };
        record(&mut tx, actor, action, &target, json!({ "rows": out.len(), "reason": full, "grid": grid })).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Shows one person's full ID number, for a stated reason, and records it.
    pub async fn reveal_id(
        &self,
        user: &User,
        ip: &str,
        household: Uuid,
        person: Uuid,
        reason: &str,
    ) -> Result<HouseholdView> {
        let reason = reason.trim();
        if reason.chars().count() < 2 || reason.chars().count() > 200 {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let mut view = self.household(user, household).await?;
        if !works(user, &view.row.grid_code) {
            return Err(Error::Forbidden);
        }
        let rows = store::people_of(self.db(), &[(view.row.community_id.clone(), household)]).await?;
        let row = rows.iter().find(|p| p.id == person).ok_or(Error::NotFound("person"))?;
        let full = self.open_sealed(&row.id_sealed).ok_or(Error::NotFound("person"))?;
        let mut tx = self.db().begin().await?;
        record(
            &mut tx,
            &user.actor(ip),
            "person.view_id",
            &format!("{} {}", row.name, row.id_masked),
            json!({ "reason": reason, "household": household, "person": person }),
        )
        .await?;
        tx.commit().await?;
        if let Some(p) = view.people.iter_mut().find(|p| p.id == person) {
            p.id_number = full;
        }
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_names_keep_only_the_surname() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }
}

/// A person to register.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Name (any Unicode).
    pub name: String,
    /// Checked ID number: birth date and sex come from it.
    pub id_number: crate::domain::registry::identity::Identity,
    /// Mobile number.
    pub phone: Option<Phone>,
    /// Relation to the head (本人, 配偶, 子女 …).
    pub relation: String,
    /// Tags (独居老人, 残疾人 …).
    pub tags: Vec<String>,
    /// ID type, ethnicity, political status, residency, employment.
    pub facts: store::PersonFacts,
}

impl App {
    /// Whether any building is registered.
    pub async fn has_registry(&self) -> Result<bool> {
        Ok(building::any_building(self.db()).await?)
    }

    /// Adds a grid (三级网格) to a community: code = community code + 3 digits.
    pub async fn add_grid(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &CommunityCode,
        number: u16,
        name: &str,
    ) -> Result<GridCode> {
        let parent =
            linli_store::registry::region::get(self.db(), community.as_str()).await?.ok_or(Error::RegionNotFound)?;
        let code = community.grid(number).filter(|_| parent.level == linli_store::registry::region::Level::Community);
        let code = code.ok_or_else(|| Error::invalid("grid", Reason::GridNumbering))?;
        let mut tx = self.db().begin().await?;
        linli_store::registry::region::insert_grid(&mut tx, &code, name).await?;
        record(&mut tx, actor, "grid.create", code.as_str(), json!({ "name": name })).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// Adds a sub-grid (四级网格) to a grid: code = grid code + 3 digits.
    pub async fn add_subgrid(
        &self,
        actor: &crate::app::access::audit::Actor,
        grid: &GridCode,
        number: u16,
        name: &str,
    ) -> Result<GridCode> {
        let parent =
            linli_store::registry::region::get(self.db(), grid.as_str()).await?.ok_or(Error::RegionNotFound)?;
        let code = grid.sub_grid(number).filter(|_| parent.level == linli_store::registry::region::Level::Grid);
        let code = code.ok_or_else(|| Error::invalid("grid", Reason::SubGridNumbering))?;
        let mut tx = self.db().begin().await?;
        linli_store::registry::region::insert_grid(&mut tx, &code, name).await?;
        let detail = json!({ "name": name, "parent": grid.as_str() });
        record(&mut tx, actor, "grid.create", code.as_str(), detail).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// Gives buildings made before sort keys existed theirs (at start).
    pub async fn fill_building_sort_keys(&self) -> Result<usize, linli_store::Error> {
        let mut done = 0;
        loop {
            let rows = building::missing_sort_keys(self.db(), 1000).await?;
            if rows.is_empty() {
                return Ok(done);
            }
            let mut tx = self.db().begin().await?;
            for (community, id, name) in &rows {
                building::set_sort_key(&mut tx, community, *id, &crate::domain::registry::building::sort_key(name))
                    .await?;
            }
            tx.commit().await?;
            done += rows.len();
        }
    }

    /// Adds a building to a grid; returns its id.
    pub async fn add_building(
        &self,
        actor: &crate::app::access::audit::Actor,
        grid: &GridCode,
        name: &str,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let b = building::NewBuilding {
            community_id: grid.community().into_string(),
            id,
            grid_code: grid.as_str().to_owned(),
            name: name.to_owned(),
            qr_token: crate::app::system::keys::random_token()[..24].to_owned(),
            sort_key: crate::domain::registry::building::sort_key(name),
        };
        let mut tx = self.db().begin().await?;
        building::insert_building(&mut tx, &b).await?;
        record(&mut tx, actor, "building.create", &b.name, json!({ "id": id, "grid": grid.as_str() })).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Registers a household with its head in an existing, empty house.
    pub(crate) async fn add_household_in(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &str,
        house: Uuid,
        head: &NewPerson,
    ) -> Result<Uuid> {
        let household = Uuid::now_v7();
        let mut tx = self.db().begin().await?;
        household::insert_household(&mut tx, community, household, house).await?;
        store::insert_person(&mut tx, &person_row(&self.keys(), community, household, head)).await?;
        let member = json!({ "name": head.name, "id": head.id_number.masked(), "relation": head.relation });
        record(
            &mut tx,
            actor,
            "household.create",
            &format!("{community}/{house}"),
            json!({ "household": household, "after": { "people": [member] } }),
        )
        .await?;
        tx.commit().await?;
        Ok(household)
    }

    /// Adds a house and a household living in it, with its people; returns the household's id.
    pub async fn add_household(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &CommunityCode,
        building: Uuid,
        (unit, room, area_centi_m2): (&str, &str, i64),
        people: &[NewPerson],
    ) -> Result<Uuid> {
        let keys = self.keys();
        let community = community.as_str();
        let (house, household) = (Uuid::now_v7(), Uuid::now_v7());
        let mut tx = self.db().begin().await?;
        household::insert_house(
            &mut tx,
            &household::NewHouse {
                community_id: community.to_owned(),
                id: house,
                building_id: building,
                unit: unit.to_owned(),
                room: room.to_owned(),
                area_centi_m2,
                house_use: "自住".into(),
            },
            household,
        )
        .await?;
        // Personal values in the log are masked: name, masked ID, relation.
        let members: Vec<serde_json::Value> = people
            .iter()
            .map(|p| json!({ "name": p.name, "id": p.id_number.masked(), "relation": p.relation }))
            .collect();
        record(
            &mut tx,
            actor,
            "household.create",
            &format!("{community}/{unit}-{room}"),
            json!({ "household": household, "building": building, "after": { "people": members } }),
        )
        .await?;
        for p in people {
            store::insert_person(&mut tx, &person_row(&keys, community, household, p)).await?;
        }
        tx.commit().await?;
        Ok(household)
    }
}

/// Checked facts in their stored form.
pub fn stored_facts(f: &crate::domain::registry::person::Facts) -> store::PersonFacts {
    store::PersonFacts {
        id_type: f.id_type.to_owned(),
        ethnicity: f.ethnicity.clone(),
        political: f.political.to_owned(),
        residency: f.residency.to_owned(),
        employment: f.employment.clone(),
    }
}

/// The stored form of a new person: ID and phone sealed and hashed, birth
/// month and sex taken from the ID number; nothing in clear that, put
/// together, rebuilds the number (see `IdNumber::masked`).
pub(crate) fn person_row(
    keys: &crate::app::system::keys::Keys,
    community: &str,
    household: Uuid,
    p: &NewPerson,
) -> store::NewPerson {
    let id = &p.id_number;
    let names = crate::domain::registry::search::name_keys(&p.name);
    store::NewPerson {
        community_id: community.to_owned(),
        id: Uuid::now_v7(),
        household_id: household,
        name: p.name.clone(),
        id_sealed: keys.seal(id.as_str()),
        id_hash: keys.lookup_hash("id", &id.lookup_text()),
        id_masked: id.masked(),
        birth_month: id.birth_month(),
        sex: match id.sex() {
            crate::domain::registry::id_number::Sex::Male => "male".into(),
            crate::domain::registry::id_number::Sex::Female => "female".into(),
        },
        phone_sealed: p.phone.as_ref().map(|x| keys.seal(x.as_str())),
        phone_hash: p.phone.as_ref().map(|x| keys.lookup_hash("phone", x.as_str())),
        relation: p.relation.clone(),
        tags: p.tags.join(","),
        facts: p.facts.clone(),
        name_pinyin: names.pinyin,
        name_initials: names.initials,
        id_tail_hash: keys.lookup_hash(ID_TAIL, id.tail4()),
        phone_tail4: p.phone.as_ref().map(|x| x.as_str()[7..].to_owned()),
    }
}
