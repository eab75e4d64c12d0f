//! Elderly day care (日间照料中心): elders enrolled from the registry with
//! their diets, allergies and emergency contacts; the weekly menu on the
//! canteen's wall; meal bookings by the elder, their family or the staff
//! until each meal's cut-off; the central kitchen's daily sheet; the day's
//! attendance with a message to the family when the elder leaves; and the
//! month's meal bills through the bills module.
//!
//! The centre's staff keep all of it. A family member is whoever signs in
//! with the phone number staff wrote down as the elder's emergency contact
//! (the number, hashed, finds the account); an elder whose account is
//! linked to their registry entry books for themselves.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use linli_store::centre::daycare::{self as store, AttendanceRow, BookingRow, ContactRow, ElderRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::life::runs;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::centre::daycare::{
    self as daycare, Course, Cutoff, Diet, DishTotal, Meal, PlateCount, diets_of, diets_text,
};
use crate::domain::registry::phone::Phone;
use crate::domain::time;

/// The youngest a day care centre enrols.
pub const MIN_AGE: u32 = 60;

/// The registry's tags that mark whom the centre looks after first.
pub const TAGS: [&str; 3] = ["高龄老人", "独居老人", "空巢老人"];

/// The fee item the month's meals are billed under.
pub const FEE_CODE: &str = "DAYCARE";

/// Days ahead a meal may be booked.
pub const BOOK_AHEAD_DAYS: i64 = 14;

/// A meal's price and cut-off in a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MealSetting {
    /// The meal.
    pub meal: Meal,
    /// Fen.
    pub price: i64,
    /// When bookings close.
    pub cutoff: Cutoff,
}

/// An emergency contact as typed.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Name.
    pub name: String,
    /// 儿子, 女儿 …
    pub relation: String,
    /// Phone as typed.
    pub phone: String,
}

/// An enrolment as typed.
#[derive(Debug, Clone, Default)]
pub struct NewElder {
    /// The community.
    pub community: String,
    /// The person in the registry.
    pub person: Option<Uuid>,
    /// Diets.
    pub diets: Vec<Diet>,
    /// Allergies.
    pub allergies: String,
    /// Notes.
    pub notes: String,
    /// The first emergency contact, if typed.
    pub contact: Option<NewContact>,
}

/// Someone the centre may enrol: a person of the registry old enough.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The person.
    pub person: Uuid,
    /// Name.
    pub name: String,
    /// Age in years.
    pub age: u32,
    /// The registry's tags of [`TAGS`] they carry.
    pub tags: Vec<&'static str>,
}

/// An elder with their contacts and what the registry says.
#[derive(Debug, Clone)]
pub struct ElderView {
    /// The elder.
    pub elder: ElderRow,
    /// Emergency contacts.
    pub contacts: Vec<ContactRow>,
    /// Age in years, from the registry.
    pub age: Option<u32>,
    /// The registry's tags of [`TAGS`].
    pub tags: Vec<&'static str>,
}

impl ElderView {
    /// The elder's diets.
    pub fn diets(&self) -> Vec<Diet> {
        diets_of(&self.elder.diets)
    }
}

/// Who books a meal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookedAs {
    /// The elder.
    Own,
    /// A family member (an emergency contact).
    Family,
    /// The centre's staff.
    Staff,
}

impl BookedAs {
    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            BookedAs::Own => "self",
            BookedAs::Family => "family",
            BookedAs::Staff => "staff",
        }
    }
}

/// A week's menu.
#[derive(Debug, Clone)]
pub struct Week {
    /// The community.
    pub community: String,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Dishes by day, meal and course.
    pub cells: BTreeMap<(NaiveDate, Meal, Course), Vec<String>>,
    /// When and by whom it was published.
    pub published: Option<(DateTime<Utc>, String)>,
}

impl Week {
    /// Its seven days.
    pub fn days(&self) -> Vec<NaiveDate> {
        (0..7).map(|i| self.monday + Duration::days(i)).collect()
    }

    /// The meals the week serves, in the day's order.
    pub fn meals(&self) -> Vec<Meal> {
        Meal::ALL.into_iter().filter(|m| self.cells.keys().any(|(_, x, _)| x == m)).collect()
    }

    /// A cell's dishes as written on the wall.
    pub fn cell(&self, day: NaiveDate, meal: Meal, course: Course) -> String {
        self.cells.get(&(day, meal, course)).map(|d| d.join("、")).unwrap_or_default()
    }

    /// Whether a day's meal has anything to eat.
    pub fn serves(&self, day: NaiveDate, meal: Meal) -> bool {
        self.cells.iter().any(|((d, m, _), dishes)| *d == day && *m == meal && !dishes.is_empty())
    }
}

/// The central kitchen's sheet for a day.
#[derive(Debug, Clone)]
pub struct Kitchen {
    /// The community.
    pub community: String,
    /// The day.
    pub day: NaiveDate,
    /// Plates per meal of [`Meal::ALL`].
    pub plates: [PlateCount; 3],
    /// Every dish with its plates.
    pub dishes: Vec<DishTotal>,
    /// Who eats what with allergies: (meal, name, allergies).
    pub allergies: Vec<(Meal, String, String)>,
}

/// An elder's day: their bookings and attendance.
#[derive(Debug, Clone)]
pub struct Today {
    /// The elder.
    pub elder: ElderRow,
    /// Meals booked today.
    pub meals: Vec<Meal>,
    /// Their attendance today.
    pub attendance: Option<AttendanceRow>,
}

/// What a month's meal billing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MealBills {
    /// Bills made.
    pub created: u64,
    /// Houses that had the month's bill already.
    pub existing: u64,
    /// Meals billed.
    pub meals: u64,
    /// Fen billed in the new bills.
    pub amount: i64,
    /// Elders with meals whose household has no house to bill.
    pub no_house: Vec<String>,
}

fn clean(text: &str) -> String {
    crate::domain::life::wish::clean(text, false)
}

fn within(text: &str, max: usize) -> bool {
    text.chars().count() <= max
}

/// Whole years from a birth month to a day.
fn age(born: NaiveDate, on: NaiveDate) -> u32 {
    let years = on.year() - born.year() - i32::from(on.month() < born.month());
    years.max(0) as u32
}

fn tags_of(tags: &str) -> Vec<&'static str> {
    TAGS.into_iter().filter(|t| tags.split(',').any(|x| x.trim() == *t)).collect()
}

impl App {
    /// The communities whose day care the user keeps.
    pub async fn daycare_communities(&self, user: &User) -> Result<Vec<String>> {
        let centres = crate::app::life::centres(user);
        Ok(self.community_codes_under(&centres).await?.into_iter().filter(|c| runs(user, c)).collect())
    }

    fn keeps_daycare(user: &User, community: &str) -> Result<()> {
        if runs(user, community) { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// A community's meal prices and cut-offs, the defaults where unset.
    pub async fn meal_settings(&self, community: &str) -> Result<[MealSetting; 3]> {
        let set = store::meals(self.db(), community).await?;
        Ok(Meal::ALL.map(|meal| {
            let row = set.iter().find(|(m, ..)| m == meal.code());
            MealSetting {
                meal,
                price: row.map_or(meal.default_price(), |r| r.1),
                cutoff: row.and_then(|r| Cutoff::new(r.2)).unwrap_or(meal.default_cutoff()),
            }
        }))
    }

    /// Sets a meal's price and cut-off (the centre's staff).
    pub async fn set_meal(&self, user: &User, ip: &str, community: &str, s: MealSetting) -> Result<()> {
        Self::keeps_daycare(user, community)?;
        self.set_meal_by(&user.actor(ip), community, s).await
    }

    /// Sets a meal's price and cut-off on an operator's say (the demo).
    pub async fn set_meal_by(&self, actor: &Actor, community: &str, s: MealSetting) -> Result<()> {
        if !(0..=10_000).contains(&s.price) {
            return Err(Error::invalid("price", Reason::DaycarePrice));
        }
        let mut tx = self.db().begin().await?;
        store::set_meal(&mut tx, community, s.meal.code(), s.price, s.cutoff.minutes()).await?;
        let detail = json!({ "meal": s.meal.code(), "price": s.price, "cutoff_minutes": s.cutoff.minutes() });
        record(&mut tx, actor, "daycare.meal", community, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    // Elders.

    /// Whom a community's centre may enrol: people of 60 and over not
    /// enrolled, those tagged 高龄/独居/空巢 first.
    pub async fn daycare_candidates(&self, user: &User, community: &str) -> Result<Vec<Candidate>> {
        Self::keeps_daycare(user, community)?;
        let today = time::day(Utc::now());
        let born_by = NaiveDate::from_ymd_opt(today.year() - MIN_AGE as i32, today.month(), 1).unwrap_or(today);
        let people = linli_store::registry::person::elders_in(self.db(), community, born_by, 2000).await?;
        let enrolled: Vec<Uuid> =
            store::elders(self.db(), community, true).await?.iter().map(|e| e.person_id).collect();
        let mut out: Vec<Candidate> = people
            .into_iter()
            .filter(|p| !enrolled.contains(&p.id))
            .map(|p| Candidate { person: p.id, age: age(p.birth_month, today), tags: tags_of(&p.tags), name: p.name })
            .collect();
        out.sort_by_key(|c| (c.tags.is_empty(), std::cmp::Reverse(c.age)));
        Ok(out)
    }

    /// Enrols an elder (the centre's staff).
    pub async fn enrol_elder(&self, user: &User, ip: &str, n: NewElder) -> Result<ElderRow> {
        Self::keeps_daycare(user, &n.community)?;
        self.enrol_elder_by(&user.actor(ip), n).await
    }

    /// Enrols an elder on an operator's say (the demo).
    pub async fn enrol_elder_by(&self, actor: &Actor, n: NewElder) -> Result<ElderRow> {
        let person = n.person.ok_or(Error::invalid("person", Reason::DaycarePerson))?;
        let p = linli_store::registry::person::person_in(self.db(), &n.community, person)
            .await?
            .filter(|p| p.status == "active")
            .ok_or(Error::invalid("person", Reason::DaycarePerson))?;
        if age(p.birth_month, time::day(Utc::now())) < MIN_AGE {
            return Err(Error::invalid("person", Reason::DaycareTooYoung { min: MIN_AGE }));
        }
        let allergies = clean(&n.allergies).trim().to_owned();
        if !within(&allergies, 200) {
            return Err(Error::invalid("allergies", Reason::DaycareText));
        }
        let notes = crate::domain::life::wish::clean(&n.notes, true).trim().to_owned();
        if !within(&notes, 500) {
            return Err(Error::invalid("notes", Reason::DaycareText));
        }
        // Someone to call must be known before an elder is looked after.
        let contact = match &n.contact {
            Some(c) => self.contact_row(&n.community, Uuid::nil(), c)?,
            None => return Err(Error::invalid("contact_name", Reason::DaycareContact)),
        };
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        let row = match store::elder_of_person(self.db(), &n.community, person).await? {
            Some(e) if e.active => return Err(Error::invalid("person", Reason::DaycareEnrolled)),
            // Enrolled before and left: enrolled again, as the same elder.
            Some(e) => {
                let row = ElderRow { diets: diets_text(&n.diets), allergies, notes, active: true, ..e };
                store::update_elder(&mut tx, &row).await?;
                row
            }
            None => {
                let row = ElderRow {
                    community_id: n.community.clone(),
                    id: Uuid::now_v7(),
                    person_id: person,
                    name: p.name.clone(),
                    diets: diets_text(&n.diets),
                    allergies,
                    notes,
                    active: true,
                    enrolled_at: now,
                };
                match store::add_elder(&mut tx, &row).await {
                    Err(linli_store::Error::Conflict { .. }) => {
                        return Err(Error::invalid("person", Reason::DaycareEnrolled));
                    }
                    r => r?,
                }
                row
            }
        };
        store::add_contact(&mut tx, &ContactRow { elder_id: row.id, ..contact }).await?;
        record(&mut tx, actor, "daycare.enrol", &row.id.to_string(), json!({ "community": row.community_id })).await?;
        tx.commit().await?;
        Ok(row)
    }

    fn contact_row(&self, community: &str, elder: Uuid, c: &NewContact) -> Result<ContactRow> {
        let name = clean(&c.name).trim().to_owned();
        if name.is_empty() || !within(&name, 20) {
            return Err(Error::invalid("contact_name", Reason::DaycareContact));
        }
        let relation = clean(&c.relation).trim().to_owned();
        if relation.is_empty() || !within(&relation, 10) {
            return Err(Error::invalid("contact_relation", Reason::DaycareRelation));
        }
        let phone = Phone::parse(&c.phone).map_err(|_| Error::invalid("contact_phone", Reason::Mobile))?;
        Ok(ContactRow {
            community_id: community.to_owned(),
            id: Uuid::now_v7(),
            elder_id: elder,
            name,
            relation,
            phone_sealed: self.keys().seal(phone.as_str()),
            phone_masked: phone.masked(),
            phone_hash: self.keys().lookup_hash("phone", phone.as_str()),
            account_id: None,
            created_at: Utc::now(),
        })
    }

    /// An elder as the centre's staff see them.
    pub async fn daycare_elder(&self, user: &User, id: Uuid) -> Result<ElderView> {
        let e = store::elder(self.db(), id).await?.ok_or(Error::NotFound("elder"))?;
        if !runs(user, &e.community_id) {
            return Err(Error::NotFound("elder"));
        }
        self.elder_view(e).await
    }

    /// An elder's record as the centre's staff open it: the contacts'
    /// phones masked, or — for a stated reason (to call them) — in full,
    /// which is audited.
    pub async fn daycare_record(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        reveal: Option<&str>,
    ) -> Result<(ElderView, Vec<String>)> {
        let v = self.daycare_elder(user, id).await?;
        let Some(reason) = reveal.map(str::trim) else {
            let masked = v.contacts.iter().map(|c| c.phone_masked.clone()).collect();
            return Ok((v, masked));
        };
        if reason.chars().count() < 2 || reason.chars().count() > 200 {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let phones: Vec<String> = v
            .contacts
            .iter()
            .map(|c| self.open_sealed(&c.phone_sealed).unwrap_or_else(|| c.phone_masked.clone()))
            .collect();
        let mut tx = self.db().begin().await?;
        let detail = json!({ "contacts": v.contacts.len(), "reason": reason });
        record(&mut tx, &user.actor(ip), "daycare.view_contacts", &id.to_string(), detail).await?;
        tx.commit().await?;
        Ok((v, phones))
    }

    async fn elder_view(&self, e: ElderRow) -> Result<ElderView> {
        let contacts = store::contacts(self.db(), &e.community_id, e.id).await?;
        let p = linli_store::registry::person::person_in(self.db(), &e.community_id, e.person_id).await?;
        let today = time::day(Utc::now());
        Ok(ElderView {
            age: p.as_ref().map(|p| age(p.birth_month, today)),
            tags: p.as_ref().map(|p| tags_of(&p.tags)).unwrap_or_default(),
            elder: e,
            contacts,
        })
    }

    /// A community's elders (enrolled, or all), for its staff.
    pub async fn daycare_elders(&self, user: &User, community: &str, active_only: bool) -> Result<Vec<ElderRow>> {
        Self::keeps_daycare(user, community)?;
        Ok(store::elders(self.db(), community, active_only).await?)
    }

    /// Changes an elder's diets, allergies and notes, or ends the
    /// enrolment (the centre's staff).
    pub async fn update_elder(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        (diets, allergies, notes): (&[Diet], &str, &str),
        active: bool,
    ) -> Result<()> {
        let e = self.daycare_elder(user, id).await?.elder;
        let allergies = clean(allergies).trim().to_owned();
        if !within(&allergies, 200) {
            return Err(Error::invalid("allergies", Reason::DaycareText));
        }
        let notes = crate::domain::life::wish::clean(notes, true).trim().to_owned();
        if !within(&notes, 500) {
            return Err(Error::invalid("notes", Reason::DaycareText));
        }
        let row = ElderRow { diets: diets_text(diets), allergies, notes, active, ..e };
        // Leaving the centre gives back the meals still open; those whose
        // bookings closed are cooked and billed.
        let open: Vec<(NaiveDate, String)> = if active {
            Vec::new()
        } else {
            let settings = self.meal_settings(&row.community_id).await?;
            let now = time::zone().local(Utc::now()).naive_local();
            let today = time::day(Utc::now());
            store::bookings(
                self.db(),
                &row.community_id,
                (today, today + Duration::days(BOOK_AHEAD_DAYS + 1)),
                Some(&[row.id]),
            )
            .await?
            .into_iter()
            .filter(|b| Meal::parse(&b.meal).is_some_and(|m| settings[m as usize].cutoff.open(b.day, now)))
            .map(|b| (b.day, b.meal))
            .collect()
        };
        let mut tx = self.db().begin().await?;
        store::update_elder(&mut tx, &row).await?;
        let cancelled = store::cancel_open(&mut tx, &row.community_id, row.id, &open).await?;
        let detail = json!({ "diets": row.diets, "active": row.active, "cancelled": cancelled });
        record(&mut tx, &user.actor(ip), "daycare.elder", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an emergency contact (the centre's staff).
    pub async fn add_elder_contact(&self, user: &User, ip: &str, elder: Uuid, c: &NewContact) -> Result<()> {
        let e = self.daycare_elder(user, elder).await?.elder;
        let row = self.contact_row(&e.community_id, e.id, c)?;
        let mut tx = self.db().begin().await?;
        store::add_contact(&mut tx, &row).await?;
        record(&mut tx, &user.actor(ip), "daycare.contact", &e.id.to_string(), json!({ "contact": row.id })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links a contact to the account registered with their phone, so that
    /// they may book for the elder (the centre's staff, having checked who
    /// they are: a phone typed at sign-up proves nothing). `unlink` undoes it.
    pub async fn link_elder_contact(
        &self,
        user: &User,
        ip: &str,
        elder: Uuid,
        contact: Uuid,
        unlink: bool,
    ) -> Result<()> {
        let e = self.daycare_elder(user, elder).await?.elder;
        self.link_contact_by(&user.actor(ip), &e, contact, unlink).await
    }

    /// Links a contact's account on an operator's say (the demo).
    pub async fn link_contact_by(&self, actor: &Actor, e: &ElderRow, contact: Uuid, unlink: bool) -> Result<()> {
        let c = store::contact(self.db(), &e.community_id, contact)
            .await?
            .filter(|c| c.elder_id == e.id)
            .ok_or(Error::NotFound("contact"))?;
        let account = if unlink {
            None
        } else {
            let phone = self.open_sealed(&c.phone_sealed).ok_or(Error::NotFound("contact"))?;
            let hashes = self.keys().lookup_hashes("phone", &phone);
            let a = linli_store::access::account::find_by_phone_hashes(self.db(), &hashes)
                .await?
                .ok_or(Error::invalid("contact", Reason::DaycareNoAccount))?;
            Some(a.id)
        };
        let mut tx = self.db().begin().await?;
        store::link_contact(&mut tx, &e.community_id, c.id, account).await?;
        let detail = json!({ "contact": c.id, "account": account });
        record(&mut tx, actor, "daycare.link_family", &e.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an emergency contact (the centre's staff).
    pub async fn remove_elder_contact(&self, user: &User, ip: &str, elder: Uuid, contact: Uuid) -> Result<()> {
        let e = self.daycare_elder(user, elder).await?.elder;
        let mut tx = self.db().begin().await?;
        if !store::remove_contact(&mut tx, &e.community_id, e.id, contact).await? {
            return Err(Error::NotFound("contact"));
        }
        let detail = json!({ "removed": contact });
        record(&mut tx, &user.actor(ip), "daycare.contact", &e.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    // Whom one books for.

    /// The elders the user books for as themselves or their family, with
    /// how.
    pub async fn my_elders(&self, user: &User) -> Result<Vec<(ElderRow, BookedAs)>> {
        let mut out: Vec<(ElderRow, BookedAs)> = Vec::new();
        for p in self.own_people(user).await? {
            if let Some(e) = store::elder_of_person(self.db(), &p.community_id, p.id).await?.filter(|e| e.active) {
                out.push((e, BookedAs::Own));
            }
        }
        let family = store::elders_of_family(self.db(), user.account.row.id).await?;
        for e in store::elders_by_id(self.db(), &family).await? {
            if e.active && !out.iter().any(|(x, _)| x.id == e.id) {
                out.push((e, BookedAs::Family));
            }
        }
        Ok(out)
    }

    /// How the user may book for an elder; `NotFound` when not at all.
    async fn daycare_booker(&self, user: &User, elder: Uuid) -> Result<(ElderRow, BookedAs)> {
        let e = store::elder(self.db(), elder).await?.ok_or(Error::NotFound("elder"))?;
        if runs(user, &e.community_id) {
            return Ok((e, BookedAs::Staff));
        }
        self.my_elders(user).await?.into_iter().find(|(x, _)| x.id == elder).ok_or(Error::NotFound("elder"))
    }

    // The menu.

    /// A week's menu as its staff edit it.
    pub async fn daycare_week(&self, community: &str, monday: NaiveDate) -> Result<Week> {
        let monday = daycare::monday_of(monday);
        let until = monday + Duration::days(6);
        let mut cells = BTreeMap::new();
        for (day, meal, course, names) in store::menu(self.db(), community, monday, until).await? {
            if let (Some(m), Some(c)) = (Meal::parse(&meal), Course::parse(&course)) {
                cells.insert((day, m, c), daycare::dishes(&names).unwrap_or_default());
            }
        }
        let published = store::published(self.db(), community, monday).await?;
        Ok(Week { community: community.to_owned(), monday, cells, published })
    }

    /// A week's menu as residents see it: only once published.
    pub async fn published_week(&self, community: &str, monday: NaiveDate) -> Result<Option<Week>> {
        let w = self.daycare_week(community, monday).await?;
        Ok(w.published.is_some().then_some(w))
    }

    /// Replaces a week's menu (the centre's staff); a published week stays
    /// published with its new dishes.
    pub async fn save_week(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        monday: NaiveDate,
        cells: &[(NaiveDate, Meal, Course, String)],
    ) -> Result<()> {
        Self::keeps_daycare(user, community)?;
        // A meal whose bookings have closed keeps its dishes: the kitchen
        // cooks what was booked against them.
        let week = self.daycare_week(community, monday).await?;
        if cells.iter().any(|c| !week.days().contains(&c.0)) {
            return Err(Error::invalid("day", Reason::DaycareOutsideWeek { monday: week.monday.to_string() }));
        }
        let settings = self.meal_settings(community).await?;
        let now = time::zone().local(Utc::now()).naive_local();
        let closed = |day: NaiveDate, meal: Meal| !settings[meal as usize].cutoff.open(day, now);
        let mut kept: Vec<(NaiveDate, Meal, Course, String)> = Vec::new();
        for (day, meal, course, text) in cells {
            if !closed(*day, *meal) {
                kept.push((*day, *meal, *course, text.clone()));
                continue;
            }
            let before = week.cells.get(&(*day, *meal, *course)).cloned().unwrap_or_default();
            if daycare::dishes(&clean(text)).is_none_or(|d| d != before) {
                return Err(Error::invalid(
                    "menu",
                    Reason::DaycareMenuClosed { day: day.format("%m-%d").to_string(), meal: *meal },
                ));
            }
        }
        for ((day, meal, course), dishes) in &week.cells {
            if closed(*day, *meal) {
                kept.push((*day, *meal, *course, dishes.join("、")));
            }
        }
        // A meal someone has booked keeps at least one dish: emptying it
        // would hide the booking and still bill it.
        for day in week.days() {
            for meal in Meal::ALL {
                let served = kept.iter().any(|(d, m, _, t)| {
                    *d == day && *m == meal && daycare::dishes(&clean(t)).is_some_and(|x| !x.is_empty())
                });
                if week.serves(day, meal) && !served {
                    let n = store::booked_count(self.db(), community, day, meal.code()).await?;
                    if n > 0 {
                        return Err(Error::invalid(
                            "menu",
                            Reason::DaycareMealBooked { day: day.format("%m-%d").to_string(), meal, booked: n },
                        ));
                    }
                }
            }
        }
        self.save_week_by(&user.actor(ip), community, monday, &kept).await
    }

    /// Replaces a week's menu on an operator's say (the demo).
    pub async fn save_week_by(
        &self,
        actor: &Actor,
        community: &str,
        monday: NaiveDate,
        cells: &[(NaiveDate, Meal, Course, String)],
    ) -> Result<()> {
        let monday = daycare::monday_of(monday);
        let until = monday + Duration::days(6);
        let mut rows: Vec<(NaiveDate, &str, &str, String)> = Vec::new();
        for (day, meal, course, text) in cells {
            if *day < monday || *day > until {
                return Err(Error::invalid("day", Reason::DaycareOutsideWeek { monday: monday.to_string() }));
            }
            let dishes = daycare::dishes(&clean(text)).ok_or(Error::invalid(
                "menu",
                Reason::DaycareDishes { day: day.format("%m-%d").to_string(), meal: *meal, course: *course },
            ))?;
            // A cell sent twice: the last one stands.
            rows.retain(|r| !(r.0 == *day && r.1 == meal.code() && r.2 == course.code()));
            rows.push((*day, meal.code(), course.code(), dishes.join("、")));
        }
        let published = store::published(self.db(), community, monday).await?.is_some();
        let mut tx = self.db().begin().await?;
        store::set_menu(&mut tx, community, (monday, until), &rows).await?;
        if published {
            // What residents read changed: it says when.
            store::publish(&mut tx, community, monday, Utc::now(), &actor.name).await?;
        }
        let dishes = rows.iter().filter(|r| !r.3.is_empty()).count();
        record(&mut tx, actor, "daycare.menu", community, json!({ "monday": monday, "cells": dishes })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes a week's menu to residents (the centre's staff).
    pub async fn publish_week(&self, user: &User, ip: &str, community: &str, monday: NaiveDate) -> Result<()> {
        Self::keeps_daycare(user, community)?;
        self.publish_week_by(&user.actor(ip), community, monday).await
    }

    /// Publishes a week's menu on an operator's say (the demo).
    pub async fn publish_week_by(&self, actor: &Actor, community: &str, monday: NaiveDate) -> Result<()> {
        let monday = daycare::monday_of(monday);
        let w = self.daycare_week(community, monday).await?;
        if w.cells.values().all(Vec::is_empty) {
            return Err(Error::invalid("monday", Reason::DaycareEmptyMenu));
        }
        let mut tx = self.db().begin().await?;
        store::publish(&mut tx, community, monday, Utc::now(), &actor.name).await?;
        record(&mut tx, actor, "daycare.publish", community, json!({ "monday": monday })).await?;
        tx.commit().await?;
        Ok(())
    }

    // Bookings.

    /// An elder's bookings from today for [`BOOK_AHEAD_DAYS`], for whoever
    /// may book for them.
    pub async fn elder_bookings(&self, user: &User, elder: Uuid) -> Result<(ElderRow, BookedAs, Vec<BookingRow>)> {
        let (e, how) = self.daycare_booker(user, elder).await?;
        let today = time::day(Utc::now());
        let until = today + Duration::days(BOOK_AHEAD_DAYS);
        let rows = store::bookings(self.db(), &e.community_id, (today, until), Some(&[e.id])).await?;
        Ok((e, how, rows))
    }

    /// Books (or cancels) an elder's meal before its cut-off.
    pub async fn book_meal(
        &self,
        user: &User,
        ip: &str,
        elder: Uuid,
        (day, meal): (NaiveDate, Meal),
        book: bool,
    ) -> Result<bool> {
        let (e, how) = self.daycare_booker(user, elder).await?;
        self.book_meal_as(&user.actor(ip), user.account.row.id, (&e, how), (day, meal), book, Utc::now()).await
    }

    /// Books or cancels as someone at a moment (the demo books the past).
    pub async fn book_meal_as(
        &self,
        actor: &Actor,
        account: Uuid,
        (e, how): (&ElderRow, BookedAs),
        (day, meal): (NaiveDate, Meal),
        book: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if !e.active {
            return Err(Error::invalid("elder", Reason::DaycareNotEnrolled));
        }
        let setting = self.meal_settings(&e.community_id).await?[meal as usize];
        let local_now = time::zone().local(now).naive_local();
        if !setting.cutoff.open(day, local_now) {
            let deadline = setting.cutoff.deadline(day).format("%m-%d %H:%M").to_string();
            return Err(Error::invalid("day", Reason::DaycareCutoff { deadline }));
        }
        if day > time::zone().day(now) + Duration::days(BOOK_AHEAD_DAYS) {
            return Err(Error::invalid("day", Reason::DaycareTooFar { days: BOOK_AHEAD_DAYS as u32 }));
        }
        let week = self.daycare_week(&e.community_id, day).await?;
        if book && (week.published.is_none() || !week.serves(day, meal)) {
            return Err(Error::invalid("meal", Reason::DaycareNoMeal));
        }
        let mut tx = self.db().begin().await?;
        let changed = if book {
            let row = BookingRow {
                community_id: e.community_id.clone(),
                elder_id: e.id,
                day,
                meal: meal.code().into(),
                booked_by: account,
                booked_as: how.code().into(),
                price: setting.price,
                created_at: now,
            };
            store::book(&mut tx, &row).await?
        } else {
            store::cancel(&mut tx, &e.community_id, e.id, day, meal.code()).await?
        };
        if changed {
            let action = if book { "daycare.book" } else { "daycare.cancel" };
            let detail = json!({ "day": day, "meal": meal.code(), "as": how.code() });
            record(&mut tx, actor, action, &e.id.to_string(), detail).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    // The kitchen.

    /// The central kitchen's sheet for a day (the centre's staff).
    pub async fn kitchen(&self, user: &User, community: &str, day: NaiveDate) -> Result<Kitchen> {
        Self::keeps_daycare(user, community)?;
        self.kitchen_sheet(community, day).await
    }

    /// The kitchen's sheet, unchecked (`linli bench daycare`).
    pub async fn kitchen_sheet(&self, community: &str, day: NaiveDate) -> Result<Kitchen> {
        let week = self.daycare_week(community, day).await?;
        let rows = store::plates(self.db(), community, day).await?;
        let parsed: Vec<(Meal, Vec<Diet>)> =
            rows.iter().filter_map(|(m, d, ..)| Meal::parse(m).map(|m| (m, diets_of(d)))).collect();
        let plates = daycare::plates(parsed.iter().map(|(m, d)| (*m, d.as_slice())));
        let menu: Vec<(Meal, Course, Vec<String>)> = week
            .cells
            .iter()
            .filter(|((d, ..), _)| *d == day)
            .map(|((_, m, c), dishes)| (*m, *c, dishes.clone()))
            .collect();
        let dishes = daycare::kitchen_totals(&menu, &plates);
        let allergies = rows
            .into_iter()
            .filter(|(.., a)| !a.trim().is_empty())
            .filter_map(|(m, _, name, a)| Meal::parse(&m).map(|m| (m, name, a)))
            .collect();
        Ok(Kitchen { community: community.to_owned(), day, plates, dishes, allergies })
    }

    // Attendance.

    /// Today's elders: every enrolled elder with today's meals and
    /// attendance (the centre's staff).
    pub async fn daycare_today(&self, user: &User, community: &str) -> Result<Vec<Today>> {
        Self::keeps_daycare(user, community)?;
        let today = time::day(Utc::now());
        let elders = store::elders(self.db(), community, true).await?;
        let bookings = store::bookings(self.db(), community, (today, today), None).await?;
        let attendance = store::attendance(self.db(), community, today).await?;
        Ok(elders
            .into_iter()
            .map(|e| Today {
                meals: bookings.iter().filter(|b| b.elder_id == e.id).filter_map(|b| Meal::parse(&b.meal)).collect(),
                attendance: attendance.iter().find(|a| a.elder_id == e.id).cloned(),
                elder: e,
            })
            .collect())
    }

    /// An elder's attendance today, for whoever books for them.
    pub async fn elder_today(&self, user: &User, elder: Uuid) -> Result<Option<AttendanceRow>> {
        let (e, _) = self.daycare_booker(user, elder).await?;
        let today = time::day(Utc::now());
        Ok(store::attendance(self.db(), &e.community_id, today).await?.into_iter().find(|a| a.elder_id == e.id))
    }

    /// Records that an elder arrived today (the centre's staff).
    pub async fn elder_arrives(&self, user: &User, ip: &str, elder: Uuid) -> Result<()> {
        let e = self.daycare_elder(user, elder).await?.elder;
        if !e.active {
            return Err(Error::invalid("elder", Reason::DaycareNotEnrolled));
        }
        let now = Utc::now();
        let row = AttendanceRow {
            community_id: e.community_id.clone(),
            elder_id: e.id,
            day: time::day(now),
            arrived_at: now,
            left_at: None,
            picked_up_by: None,
            recorded_by: user.account.shown_name(),
        };
        let mut tx = self.db().begin().await?;
        if !store::arrive(&mut tx, &row).await? {
            return Err(Error::invalid("step", Reason::DaycareArrivedAlready));
        }
        record(&mut tx, &user.actor(ip), "daycare.arrive", &e.id.to_string(), json!({ "day": row.day })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that an elder left today and who took them; each emergency
    /// contact hears it by SMS (the centre's staff).
    pub async fn elder_leaves(&self, user: &User, ip: &str, elder: Uuid, picked_up_by: &str) -> Result<usize> {
        let v = self.daycare_elder(user, elder).await?;
        let by = clean(picked_up_by).trim().to_owned();
        if by.is_empty() || !within(&by, 40) {
            return Err(Error::invalid("picked_up_by", Reason::DaycarePickedUpBy));
        }
        let now = Utc::now();
        let day = time::day(now);
        let e = &v.elder;
        let mut tx = self.db().begin().await?;
        if !store::leave(&mut tx, &e.community_id, e.id, day, (now, &by)).await? {
            return Err(Error::invalid("step", Reason::DaycareNotHere));
        }
        let at = time::zone().local(now).format("%H:%M");
        let notes: Vec<linli_store::notify::outbox::Notification> = v
            .contacts
            .iter()
            .map(|c| linli_store::notify::outbox::Notification {
                community_id: e.community_id.clone(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("daycare_contact:{}:{}", e.community_id, c.id),
                subject: "日间照料离站通知".into(),
                body: format!(
                    "{}已于今天 {at} 离开社区日间照料中心，接送人：{by}。如有疑问请致电社区服务中心。",
                    e.name
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            })
            .collect();
        linli_store::notify::outbox::notify_many(&mut tx, &notes).await?;
        let detail = json!({ "day": day, "picked_up_by": by, "told": notes.len() });
        record(&mut tx, &user.actor(ip), "daycare.leave", &e.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(notes.len())
    }

    // The month's bills.

    /// Bills a month's booked meals to the elders' houses under the fee
    /// item [`FEE_CODE`] (one bill per house and month: a run again makes
    /// none twice). The centre's staff.
    pub async fn bill_meals(&self, user: &User, ip: &str, community: &str, period: &str) -> Result<MealBills> {
        Self::keeps_daycare(user, community)?;
        self.bill_meals_by(&user.actor(ip), community, period).await
    }

    /// Bills a month's meals on an operator's say (the demo).
    pub async fn bill_meals_by(&self, actor: &Actor, community: &str, period: &str) -> Result<MealBills> {
        let period = crate::app::bills::bill::period(period).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("month", reason),
            e => e,
        })?;
        let first = NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
            .map_err(|_| Error::invalid("month", Reason::BadPeriod))?;
        let last = (first + Duration::days(32)).with_day(1).unwrap_or(first) - Duration::days(1);
        // A month is billed once: while it runs, meals are still being booked.
        if last >= time::day(Utc::now()) {
            return Err(Error::invalid("month", Reason::DaycareMonthNotOver));
        }
        let code = Error::community(community)?;
        let settings = self.meal_settings(community).await?;
        if !self.fee_items(&code).await?.iter().any(|f| f.code == FEE_CODE) {
            // Named for the bills' pages; not active, so fee runs leave it out.
            let fee = crate::app::bills::fee::FeeItem {
                code: FEE_CODE.into(),
                name: "日间照料餐费".into(),
                pricing: crate::domain::bills::bill::Pricing::Fixed { fen: settings[1].price.max(1) },
                unit: String::new(),
                active: false,
                grace_days: crate::domain::bills::arrears::DEFAULT_GRACE_DAYS,
            };
            self.put_fee_item(actor, community, fee).await?;
        }
        let bookings = store::bookings(self.db(), community, (first, last), None).await?;
        let ids: Vec<Uuid> = {
            let mut ids: Vec<Uuid> = bookings.iter().map(|b| b.elder_id).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let elders = store::elders_by_id(self.db(), &ids).await?;
        // Per house: meals, fen, and the words of the bill's detail.
        let mut houses: BTreeMap<Uuid, (u64, i64, Vec<String>)> = BTreeMap::new();
        let mut out = MealBills::default();
        for e in &elders {
            let mine: Vec<&BookingRow> = bookings.iter().filter(|b| b.elder_id == e.id).collect();
            // Each meal at the price it was booked at; the words group them.
            let mut lines: BTreeMap<(Meal, i64), u64> = BTreeMap::new();
            for b in &mine {
                if let Some(m) = Meal::parse(&b.meal) {
                    *lines.entry((m, b.price)).or_default() += 1;
                }
            }
            let fen: i64 = lines.iter().map(|((_, price), n)| price * *n as i64).sum();
            let meals: u64 = lines.values().sum();
            let household = linli_store::registry::person::person_in(self.db(), community, e.person_id)
                .await?
                .map(|p| p.household_id);
            let house = match household {
                Some(h) => linli_store::bills::house::house_of_household(self.db(), community, h).await?,
                None => None,
            };
            let Some(house) = house else {
                out.no_house.push(e.name.clone());
                continue;
            };
            let words: Vec<String> = lines
                .iter()
                .map(|((m, price), n)| {
                    let name = match m {
                        Meal::Breakfast => "早餐",
                        Meal::Lunch => "午餐",
                        Meal::Dinner => "晚餐",
                    };
                    format!("{name} {n} 份 × {}", crate::domain::money::Fen::new(*price))
                })
                .collect();
            let h = houses.entry(house).or_default();
            h.0 += meals;
            h.1 += fen;
            h.2.push(format!("{}：{}", e.name, words.join("，")));
        }
        let now = Utc::now();
        let rows: Vec<linli_store::bills::bill::BillRow> = houses
            .iter()
            .map(|(house, (_, fen, words))| linli_store::bills::bill::BillRow {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                house_id: *house,
                fee_code: FEE_CODE.into(),
                period: period.clone(),
                amount: *fen,
                paid: 0,
                refunded: 0,
                waived: 0,
                detail: words.join("；").chars().take(480).collect(),
                created_at: now,
                updated_at: now,
            })
            .collect();
        let billed = linli_store::bills::bill::houses_billed(self.db(), community, FEE_CODE, &period).await?;
        out.existing = rows.iter().filter(|r| billed.contains(&r.house_id)).count() as u64;
        let rows: Vec<_> = rows.into_iter().filter(|r| !billed.contains(&r.house_id)).collect();
        let mut tx = self.db().begin().await?;
        // One by one: a run at the same moment may have made some of them,
        // and only the bills this run made are counted as its own.
        for r in &rows {
            if linli_store::bills::bill::add_bills(&mut tx, std::slice::from_ref(r)).await? == 1 {
                out.created += 1;
                out.meals += houses.get(&r.house_id).map_or(0, |h| h.0);
                out.amount += r.amount;
            } else {
                out.existing += 1;
            }
        }
        let detail = json!({ "period": period, "created": out.created, "existing": out.existing,
            "no_house": out.no_house.len() });
        record(&mut tx, actor, "daycare.bills", community, detail).await?;
        tx.commit().await?;
        if out.created > 0 {
            self.settle_community_from_prepaid(actor, community).await?;
        }
        Ok(out)
    }
}

/// A meal on a booking grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The day.
    pub day: NaiveDate,
    /// The meal.
    pub meal: Meal,
    /// Booked for the elder.
    pub booked: bool,
    /// Still open to book or cancel.
    pub open: bool,
    /// What it serves (the hot dishes, else any).
    pub dishes: Vec<String>,
}

/// An elder's meals for the next days: a row per day, a column per meal
/// some day serves; `None` where that day does not serve it.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The elder.
    pub elder: ElderRow,
    /// How the user books for them.
    pub how: BookedAs,
    /// The columns.
    pub meals: Vec<Meal>,
    /// The rows.
    pub days: Vec<(NaiveDate, Vec<Option<GridCell>>)>,
    /// Each meal's price and cut-off, by [`Meal::ALL`].
    pub settings: [MealSetting; 3],
}

/// Days a booking grid shows.
pub const GRID_DAYS: i64 = 7;

impl App {
    /// An elder's booking grid for the next [`GRID_DAYS`] days, for whoever
    /// may book for them: the meals of published menus with their state.
    pub async fn booking_grid(&self, user: &User, elder: Uuid) -> Result<Grid> {
        let (e, how, bookings) = self.elder_bookings(user, elder).await?;
        let now = Utc::now();
        let today = time::zone().day(now);
        let local_now = time::zone().local(now).naive_local();
        let settings = self.meal_settings(&e.community_id).await?;
        let mut weeks: Vec<Week> = Vec::new();
        let mut rows = Vec::new();
        for i in 0..GRID_DAYS {
            let day = today + Duration::days(i);
            let monday = daycare::monday_of(day);
            if !weeks.iter().any(|w| w.monday == monday) {
                weeks.push(self.daycare_week(&e.community_id, monday).await?);
            }
            let week = weeks.iter().find(|w| w.monday == monday).filter(|w| w.published.is_some());
            let cells = Meal::ALL.map(|meal| {
                let week = week.filter(|w| w.serves(day, meal))?;
                let hot = week.cells.get(&(day, meal, Course::Hot)).filter(|d| !d.is_empty());
                let dishes = hot.cloned().unwrap_or_else(|| {
                    Course::ALL.iter().filter_map(|c| week.cells.get(&(day, meal, *c))).flatten().cloned().collect()
                });
                Some(GridCell {
                    day,
                    meal,
                    booked: bookings.iter().any(|b| b.day == day && b.meal == meal.code()),
                    open: settings[meal as usize].cutoff.open(day, local_now),
                    dishes,
                })
            });
            rows.push((day, cells));
        }
        let meals: Vec<Meal> =
            Meal::ALL.into_iter().filter(|m| rows.iter().any(|(_, cells)| cells[*m as usize].is_some())).collect();
        let days = rows
            .into_iter()
            .map(|(day, cells)| (day, meals.iter().map(|m| cells[*m as usize].clone()).collect()))
            .collect();
        Ok(Grid { elder: e, how, meals, days, settings })
    }
}
