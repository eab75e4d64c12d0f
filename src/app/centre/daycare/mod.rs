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

mod bills;
mod grid;
mod meals;
pub use grid::*;

use crate::app::refusal::CentreRefusal;
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
            return Err(Error::invalid("price", Reason::Centre(CentreRefusal::DaycarePrice)));
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
        let person = n.person.ok_or(Error::invalid("person", Reason::Centre(CentreRefusal::DaycarePerson)))?;
        let p = linli_store::registry::person::person_in(self.db(), &n.community, person)
            .await?
            .filter(|p| p.status == "active")
            .ok_or(Error::invalid("person", Reason::Centre(CentreRefusal::DaycarePerson)))?;
        if age(p.birth_month, time::day(Utc::now())) < MIN_AGE {
            return Err(Error::invalid("person", Reason::Centre(CentreRefusal::DaycareTooYoung { min: MIN_AGE })));
        }
        let allergies = clean(&n.allergies).trim().to_owned();
        if !within(&allergies, 200) {
            return Err(Error::invalid("allergies", Reason::Centre(CentreRefusal::DaycareText)));
        }
        let notes = crate::domain::life::wish::clean(&n.notes, true).trim().to_owned();
        if !within(&notes, 500) {
            return Err(Error::invalid("notes", Reason::Centre(CentreRefusal::DaycareText)));
        }
        // Someone to call must be known before an elder is looked after.
        let contact = match &n.contact {
            Some(c) => self.contact_row(&n.community, Uuid::nil(), c)?,
            None => return Err(Error::invalid("contact_name", Reason::Centre(CentreRefusal::DaycareContact))),
        };
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        let row = match store::elder_of_person(self.db(), &n.community, person).await? {
            Some(e) if e.active => {
                return Err(Error::invalid("person", Reason::Centre(CentreRefusal::DaycareEnrolled)));
            }
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
                        return Err(Error::invalid("person", Reason::Centre(CentreRefusal::DaycareEnrolled)));
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
            return Err(Error::invalid("contact_name", Reason::Centre(CentreRefusal::DaycareContact)));
        }
        let relation = clean(&c.relation).trim().to_owned();
        if relation.is_empty() || !within(&relation, 10) {
            return Err(Error::invalid("contact_relation", Reason::Centre(CentreRefusal::DaycareRelation)));
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
            return Err(Error::invalid("allergies", Reason::Centre(CentreRefusal::DaycareText)));
        }
        let notes = crate::domain::life::wish::clean(notes, true).trim().to_owned();
        if !within(&notes, 500) {
            return Err(Error::invalid("notes", Reason::Centre(CentreRefusal::DaycareText)));
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
                .ok_or(Error::invalid("contact", Reason::Centre(CentreRefusal::DaycareNoAccount)))?;
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
}
