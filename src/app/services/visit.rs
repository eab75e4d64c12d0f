//! Visits (走访): the grid worker's due list under the admin's rules, the
//! visit record with photos (and the appointment it keeps), proactive
//! service suggestions from the registry, and door-to-door appointments.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use linli_store::notify::outbox::Notification;
use linli_store::registry::household::HouseholdRow;
use linli_store::registry::search::PersonHit;
use linli_store::services::photo::{PhotoRow, VISITS};
use linli_store::services::visit::{self as store, AppointmentRow, CareRuleRow, VisitRow, VisitRuleRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::photo::forget_files;
use crate::app::refusal::{Reason, VisitText};
use crate::app::registry::household::{read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::RegionCode;
use crate::domain::services::care::{self, Criterion};
use crate::domain::services::service::Item;
use crate::domain::services::visit::{self, Due};

/// People of a household who carry tags: (name, their tags).
pub type Tagged = Vec<(String, Vec<String>)>;

/// A household due a visit.
#[derive(Debug, Clone)]
pub struct DueVisit {
    /// The household and where it is.
    pub household: HouseholdRow,
    /// Its people who carry a ruled tag: (name, their tags).
    pub people: Tagged,
    /// Why and when.
    pub due: Due,
    /// Its last visit.
    pub last: Option<DateTime<Utc>>,
}

/// Someone probably eligible for an item who has not applied.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The person and where they live.
    pub person: PersonHit,
    /// The item.
    pub item: Item,
    /// Why (年满80周岁, 登记为残疾人 …).
    pub reason: String,
}

/// A visit with its photos.
#[derive(Debug, Clone)]
pub struct VisitView {
    /// The visit.
    pub row: VisitRow,
    /// Its photos.
    pub photos: Vec<PhotoRow>,
}

/// A visit as the grid worker records it.
#[derive(Debug, Clone, Default)]
pub struct NewVisit {
    /// Who was met.
    pub met: String,
    /// What was seen.
    pub situation: String,
    /// Needs found.
    pub needs: Option<String>,
    /// The appointment it keeps.
    pub appointment: Option<Uuid>,
    /// When it took place, if not now (recorded afterwards: within 7 days).
    pub at: Option<DateTime<Utc>>,
    /// Photos as uploaded.
    pub photos: Vec<Vec<u8>>,
}

/// A request for a home visit.
#[derive(Debug, Clone, Default)]
pub struct NewAppointment {
    /// The household (staff: required; a resident: one of theirs, or their first).
    pub household: Option<Uuid>,
    /// The service it is for.
    pub item: Option<String>,
    /// Who asks (a resident: their account's name if empty).
    pub name: String,
    /// Their phone (a resident: their account's if empty).
    pub phone: String,
    /// When suits them.
    pub wish: String,
    /// What they need.
    pub note: String,
}

/// Who keeps the visit rules: those who keep the category tree.
pub(crate) fn may_set_rules(user: &User) -> bool {
    crate::app::events::category::may_edit(user)
}

fn text(field: &'static str, value: &str, min: usize, max: usize, what: VisitText) -> Result<String> {
    let t = value.trim();
    let n = t.chars().count();
    if n < min || n > max {
        return Err(Error::invalid(field, Reason::VisitText { what, min, max }));
    }
    Ok(t.to_owned())
}

/// The active proactive rules that parse and name an offered item.
fn care_rules_in_force(rows: &[CareRuleRow], catalogue: &[Item]) -> Vec<care::Rule> {
    rows.iter()
        .filter(|r| r.active && catalogue.iter().any(|i| i.code == r.item_code && i.active))
        .filter_map(|r| care::rule(&r.item_code, &r.kind, &r.value, r.ahead_days).ok())
        .collect()
}

impl App {
    /// Every visit rule.
    pub async fn visit_rules(&self) -> Result<Vec<VisitRuleRow>> {
        Ok(store::visit_rules(self.db()).await?)
    }

    /// Adds or changes the visit rule of a tag (system and district admins).
    pub async fn set_visit_rule(&self, user: &User, ip: &str, tag: &str, every_days: i64, active: bool) -> Result<()> {
        if !may_set_rules(user) {
            return Err(Error::Forbidden);
        }
        let rule = visit::rule(tag, every_days).map_err(|e| Error::invalid("rule", Reason::VisitRule(e)))?;
        let row = VisitRuleRow { tag: rule.tag, every_days: i64::from(rule.every_days), active };
        let mut tx = self.db().begin().await?;
        store::put_visit_rule(&mut tx, &row).await?;
        let detail = json!({ "every_days": row.every_days, "active": active });
        record(&mut tx, &user.actor(ip), "visit_rule.set", &row.tag, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every proactive rule.
    pub async fn care_rules(&self) -> Result<Vec<CareRuleRow>> {
        Ok(store::care_rules(self.db()).await?)
    }

    /// Adds a proactive rule, or changes the one that says the same
    /// (system and district admins).
    pub async fn set_care_rule(
        &self,
        user: &User,
        ip: &str,
        (item, kind, value): (&str, &str, &str),
        ahead_days: i64,
        active: bool,
    ) -> Result<String> {
        if !may_set_rules(user) {
            return Err(Error::Forbidden);
        }
        if self.service_item(item).await?.is_none() {
            return Err(Error::invalid("item", Reason::NoSuchItem));
        }
        let rule =
            care::rule(item, kind, value, ahead_days).map_err(|e| Error::invalid("rule", Reason::CareRule(e)))?;
        let (kind, value, ahead) = rule.parts();
        let row = CareRuleRow {
            key: rule.key(),
            item_code: rule.item.clone(),
            kind: kind.into(),
            value,
            ahead_days: i64::from(ahead),
            active,
        };
        let mut tx = self.db().begin().await?;
        store::put_care_rule(&mut tx, &row).await?;
        record(&mut tx, &user.actor(ip), "care_rule.set", &row.key, json!({ "ahead_days": ahead, "active": active }))
            .await?;
        tx.commit().await?;
        Ok(row.key)
    }

    /// The regions to list under: the one asked for, or each of the user's.
    fn unders(user: &User, under: Option<&RegionCode>) -> Vec<String> {
        match under {
            Some(u) => vec![u.prefix().to_owned()],
            None => read_scope(user),
        }
    }

    /// Households in scope (under a region, if given) due or overdue for a
    /// visit under the active rules, never visited and most overdue first.
    pub async fn due_visits(
        &self,
        user: &User,
        under: Option<&RegionCode>,
        now: DateTime<Utc>,
    ) -> Result<Vec<DueVisit>> {
        let rules: Vec<visit::Rule> = store::visit_rules(self.db())
            .await?
            .into_iter()
            .filter(|r| r.active)
            .filter_map(|r| visit::rule(&r.tag, r.every_days).ok())
            .collect();
        // Who is due rests on tags, sensitive ones among them: only those who
        // visit households (grid workers, community staff) learn it, where
        // they work — a street's or the district's admins get no list.
        let scope: Vec<String> = read_scope(user).into_iter().filter(|p| works(user, p)).collect();
        let mut households: HashMap<Uuid, (HouseholdRow, Tagged)> = HashMap::new();
        let mut last: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
        for u in Self::unders(user, under) {
            for hit in linli_store::registry::search::tagged_under(self.db(), &scope, &u, 50_000).await? {
                let tags: Vec<String> =
                    hit.person.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect();
                let entry = households.entry(hit.place.id).or_insert_with(|| (hit.place.clone(), Vec::new()));
                if !entry.1.iter().any(|(n, _)| *n == hit.person.name) {
                    entry.1.push((hit.person.name.clone(), tags));
                }
            }
            last.extend(store::last_visits_under(self.db(), &u).await?);
        }
        let mut out: Vec<DueVisit> = households
            .into_values()
            .filter_map(|(household, people)| {
                let tags = people.iter().flat_map(|(_, t)| t.iter().map(String::as_str));
                let l = last.get(&household.id).copied();
                let due = visit::due(&rules, tags, l, now)?;
                if due.standing == visit::Standing::Fine {
                    return None;
                }
                let people = people.into_iter().filter(|(_, t)| t.iter().any(|x| due.because.contains(x))).collect();
                Some(DueVisit { household, people, due, last: l })
            })
            .collect();
        // Most pressing first, then door by door in the order people read
        // the numbers (1号楼 before 10号楼).
        use crate::domain::registry::building::sort_key;
        out.sort_by_cached_key(|d| {
            let h = &d.household;
            (d.due.standing.order(), sort_key(&h.building), sort_key(&h.unit), sort_key(&h.room))
        });
        Ok(out)
    }

    /// People in scope (under a region, if given) the active proactive rules
    /// name, leaving out those who have applied for the item (and not been
    /// refused).
    pub async fn suggestions(
        &self,
        user: &User,
        under: Option<&RegionCode>,
        today: NaiveDate,
    ) -> Result<Vec<Suggestion>> {
        let catalogue = self.catalogue().await?;
        let rules = care_rules_in_force(&store::care_rules(self.db()).await?, &catalogue);
        let born_by = rules.iter().filter_map(|r| r.born_by(today)).max();
        let tags: Vec<String> = rules
            .iter()
            .filter_map(|r| if let Criterion::Tag(t) = &r.criterion { Some(t.clone()) } else { None })
            .collect();
        let scope = read_scope(user);
        let communities = crate::app::services::service::community_scope(user);
        let applied: HashSet<(Uuid, String)> =
            linli_store::services::service::applied(self.db(), &communities).await?.into_iter().collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for u in Self::unders(user, under) {
            for hit in
                linli_store::registry::search::care_candidates(self.db(), &scope, &u, born_by, &tags, 50_000).await?
            {
                if !seen.insert(hit.person.id) {
                    continue;
                }
                let person_tags: Vec<&str> = hit.person.tags.split(',').collect();
                // To the day: the store keeps only the month.
                let birth = self.birth_date_of(&hit.person);
                for r in &rules {
                    if applied.contains(&(hit.person.id, r.item.clone())) {
                        continue;
                    }
                    let Some(reason) = r.reason(birth, person_tags.iter().copied(), today) else {
                        continue;
                    };
                    let Some(item) = catalogue.iter().find(|i| i.code == r.item).cloned() else { continue };
                    if out.iter().any(|s: &Suggestion| s.person.person.id == hit.person.id && s.item.code == item.code)
                    {
                        continue;
                    }
                    out.push(Suggestion { person: hit.clone(), item, reason });
                }
            }
        }
        Ok(out)
    }

    /// Records a visit to a household the user works (with the appointment
    /// it keeps, which is then done).
    pub async fn record_visit(&self, user: &User, ip: &str, household: Uuid, v: NewVisit) -> Result<Uuid> {
        let h = self.household(user, household).await?;
        if !h.works_here {
            return Err(Error::Forbidden);
        }
        let met = text("met", &v.met, 1, 100, VisitText::Met)?;
        let situation = text("situation", &v.situation, 2, 2000, VisitText::Situation)?;
        let needs = match v.needs.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(text("needs", n, 1, 2000, VisitText::Needs)?),
            None => None,
        };
        let keeps = match v.appointment {
            Some(id) => {
                let a = store::appointment_under(self.db(), &read_scope(user), id)
                    .await?
                    .ok_or(Error::NotFound("appointment"))?;
                if a.household_id != household || !matches!(a.state.as_str(), "requested" | "scheduled") {
                    return Err(Error::invalid("appointment", Reason::AppointmentNotHere));
                }
                Some(a)
            }
            None => None,
        };
        let photos = self.clean_photos(v.photos).await?;
        let now = Utc::now();
        let at = match v.at {
            Some(at) if at > now + chrono::Duration::minutes(5) => {
                return Err(Error::invalid("at", Reason::VisitInFuture));
            }
            Some(at) if at < now - chrono::Duration::days(7) => {
                return Err(Error::invalid("at", Reason::VisitTooOld));
            }
            Some(at) => at.min(now),
            None => now,
        };
        let row = VisitRow {
            community_id: h.row.community_id.clone(),
            id: Uuid::now_v7(),
            household_id: household,
            grid_code: h.row.grid_code.clone(),
            at,
            worker: user.account.shown_name(),
            met,
            situation,
            needs,
            appointment_id: keeps.as_ref().map(|a| a.id),
        };
        let (photo_rows, files) = self.write_owned_photos(&row.community_id, row.id, &photos, now).await?;
        let written = async {
            let mut tx = self.db().begin().await?;
            store::add_visit(&mut tx, &row).await?;
            VISITS.add(&mut tx, &photo_rows).await?;
            if let Some(mut a) = keeps {
                let from = a.state.clone();
                a.state = "done".into();
                a.updated_at = now;
                if !store::update_appointment(&mut tx, &a, &from).await? {
                    return Err(Error::invalid("appointment", Reason::AppointmentHandledMeanwhile));
                }
            }
            let detail =
                json!({ "household": household, "photos": photo_rows.len(), "appointment": row.appointment_id });
            record(&mut tx, &user.actor(ip), "visit.record", &row.id.to_string(), detail).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        };
        if let Err(e) = written.await {
            forget_files(&files).await;
            return Err(e);
        }
        Ok(row.id)
    }

    /// What a visit found to be needed, for the centre to word as a need on
    /// the 三清单 (the situation when no need was written down).
    pub async fn visit_needs(&self, user: &User, community: &str, id: Uuid) -> Result<String> {
        if !crate::app::life::runs(user, community) {
            return Err(Error::Forbidden);
        }
        let v = store::visit_by_id(self.db(), community, id).await?.ok_or(Error::NotFound("visit"))?;
        Ok(v.needs.filter(|n| !n.trim().is_empty()).unwrap_or(v.situation))
    }

    /// A household's visits in the user's scope, newest first (at most 20).
    pub async fn household_visits(&self, user: &User, household: Uuid) -> Result<Vec<VisitView>> {
        let h = self.household(user, household).await?;
        self.visits_of(&h).await
    }

    /// The last visits of a household the caller already holds (so already
    /// checked against their scope), newest first.
    pub async fn visits_of(&self, h: &crate::app::registry::household::HouseholdView) -> Result<Vec<VisitView>> {
        let rows = store::visits_of(self.db(), &h.row.community_id, h.row.id, 20).await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut photos = VISITS.of(self.db(), &h.row.community_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (mine, rest) = photos.drain(..).partition(|p| p.owner_id == row.id);
                photos = rest;
                VisitView { row, photos: mine }
            })
            .collect())
    }

    /// A photo of a household's visit: (content type, bytes).
    pub async fn visit_photo(
        &self,
        user: &User,
        household: Uuid,
        photo: Uuid,
        thumb: bool,
    ) -> Result<(String, Vec<u8>)> {
        let visits = self.household_visits(user, household).await?;
        let p = visits.iter().flat_map(|v| v.photos.iter()).find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }

    /// Asks for a home visit: a resident for their own household, or staff
    /// for a household they work (a call to the centre).
    pub async fn request_appointment(&self, user: &User, ip: &str, a: NewAppointment) -> Result<Uuid> {
        let staff = user.account.is_staff();
        let household: HouseholdRow = if staff {
            let id = a.household.ok_or_else(|| Error::invalid("household", Reason::ChooseHousehold))?;
            let h = self.household(user, id).await?;
            if !works(user, &h.row.grid_code) && !works(user, &h.row.community_id) {
                return Err(Error::Forbidden);
            }
            h.row
        } else {
            let mine = self.my_households(user).await?;
            mine.into_iter()
                .map(|h| h.row)
                .find(|h| a.household.is_none_or(|id| id == h.id))
                .ok_or_else(|| Error::invalid("household", Reason::NoLinkedHousehold))?
        };
        let item = match a.item.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
            Some(code) => {
                let item = self
                    .service_item(code)
                    .await?
                    .filter(|i| i.active)
                    .ok_or_else(|| Error::invalid("item", Reason::NoSuchItem))?;
                if !item.at_home {
                    return Err(Error::invalid("item", Reason::NotAtHome));
                }
                Some(item.code)
            }
            None => None,
        };
        let name = Some(a.name.trim()).filter(|n| !n.is_empty()).map(str::to_owned);
        let name = match (name, staff) {
            (Some(n), _) => n,
            (None, false) => user.account.row.display_name.clone(),
            (None, true) => return Err(Error::invalid("name", Reason::ContactName)),
        };
        let name = text("name", &name, 1, 32, VisitText::ContactName)?;
        let phone = Some(a.phone.trim()).filter(|p| !p.is_empty()).map(str::to_owned).or_else(|| {
            if staff { None } else { user.account.row.phone_sealed.as_deref().and_then(|s| self.open_sealed(s)) }
        });
        let phone = phone.ok_or_else(|| Error::invalid("phone", Reason::ContactPhone))?;
        let phone = Phone::parse(&phone).map_err(|_| Error::invalid("phone", Reason::Mobile))?;
        let now = Utc::now();
        let row = AppointmentRow {
            community_id: household.community_id.clone(),
            id: Uuid::now_v7(),
            household_id: household.id,
            grid_code: household.grid_code.clone(),
            item_code: item,
            name,
            phone_sealed: self.keys().seal(phone.as_str()),
            wish: text("wish", &a.wish, 1, 100, VisitText::Wish)?,
            note: text("note", &a.note, 2, 500, VisitText::Note)?,
            state: "requested".into(),
            scheduled_for: None,
            assignee: None,
            account_id: (!staff).then_some(user.account.row.id),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db().begin().await?;
        store::add_appointment(&mut tx, &row).await?;
        let detail = json!({ "household": row.household_id, "item": row.item_code });
        record(&mut tx, &user.actor(ip), "appointment.request", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Sets the day and who goes (or cancels, with `day` none); the resident
    /// hears of it by SMS.
    pub async fn schedule_appointment(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        day: Option<NaiveDate>,
        assignee: &str,
    ) -> Result<AppointmentRow> {
        let mut a =
            store::appointment_under(self.db(), &read_scope(user), id).await?.ok_or(Error::NotFound("appointment"))?;
        if !works(user, &a.grid_code) && !works(user, &a.community_id) {
            return Err(Error::Forbidden);
        }
        if !matches!(a.state.as_str(), "requested" | "scheduled") {
            return Err(Error::invalid("state", Reason::AppointmentClosed));
        }
        let now = Utc::now();
        let from = a.state.clone();
        let body = match day {
            Some(d) => {
                if d < crate::domain::time::day(now) {
                    return Err(Error::invalid("day", Reason::DayInPast));
                }
                let who = text("assignee", assignee, 1, 32, VisitText::Assignee)?;
                a.state = "scheduled".into();
                a.scheduled_for = Some(d);
                a.assignee = Some(who.clone());
                format!("您预约的上门服务已安排在{}，由{}上门。", d.format("%m月%d日"), who)
            }
            None => {
                a.state = "cancelled".into();
                "您预约的上门服务已取消；如仍需要，请联系社区。".to_owned()
            }
        };
        a.updated_at = now;
        let mut tx = self.db().begin().await?;
        if !store::update_appointment(&mut tx, &a, &from).await? {
            return Err(Error::invalid("state", Reason::AppointmentChangedMeanwhile));
        }
        let n = Notification {
            community_id: a.community_id.clone(),
            id: Uuid::now_v7(),
            channel: "sms".into(),
            recipient: format!("appointment:{}:{}", a.community_id, a.id),
            subject: "预约上门".into(),
            body,
            event_id: None,
            created_at: now,
            sent_at: None,
        };
        linli_store::notify::outbox::notify(&mut tx, &n).await?;
        let detail = json!({ "from": from, "to": a.state, "day": a.scheduled_for, "assignee": a.assignee });
        record(&mut tx, &user.actor(ip), "appointment.schedule", &a.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(a)
    }

    /// Open appointments in scope: those waiting to be scheduled and those
    /// scheduled up to `until`.
    pub async fn appointments(&self, user: &User, until: NaiveDate) -> Result<Vec<AppointmentRow>> {
        Ok(store::open_appointments(self.db(), &read_scope(user), until).await?)
    }

    /// A resident's own appointments.
    pub async fn my_appointments(&self, user: &User) -> Result<Vec<AppointmentRow>> {
        Ok(store::appointments_of_account(self.db(), user.account.row.id).await?)
    }
}

impl App {
    /// The report form's address for a household's building (`/report?b=`),
    /// so an event started on a visit is placed there.
    pub async fn building_report_link(&self, h: &HouseholdRow) -> Result<Option<String>> {
        let buildings =
            linli_store::registry::building::buildings_of_community(self.db(), &Error::community(&h.community_id)?)
                .await?;
        Ok(buildings
            .into_iter()
            .find(|b| b.name == h.building && b.grid_code == h.grid_code)
            .map(|b| format!("/report?b={}/{}", b.community_id, b.qr_token)))
    }
}
