//! One person at a time: finding them, their page (一人一档) with history,
//! and the changes staff make — corrections, moving out, death, moving to
//! another house. Nothing is deleted: a person who leaves keeps their record
//! with a status, and every change is on their history and in the audit log.

use chrono::{DateTime, Utc};
use linli_store::registry::history::{self, HistoryEntry};
use linli_store::registry::household::HouseholdRow;
use linli_store::registry::person::{self as store, PersonFacts, PersonRow};
use linli_store::registry::search::{self as people, Key, PersonHit};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::{ID_TAIL, PersonView, read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::registry::id_number::IdNumber;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::search::{self, Wanted};

/// At most this many people are listed for one search.
pub const SEARCH_LIMIT: u64 = 50;

/// Searches by ID number (whole, or a name with its last four) one account
/// may make in an hour: a counter's day, not a guessing run.
pub const ID_SEARCHES_PER_HOUR: i64 = 60;

/// Whether a person still lives here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 在住.
    Active,
    /// 已迁出.
    MovedOut,
    /// 已故.
    Deceased,
}

impl Status {
    pub(crate) fn parse(s: &str) -> Status {
        match s {
            "moved_out" => Status::MovedOut,
            "deceased" => Status::Deceased,
            _ => Status::Active,
        }
    }

    /// The stored and API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::MovedOut => "moved_out",
            Status::Deceased => "deceased",
        }
    }

    /// In Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Active => "在住",
            Status::MovedOut => "已迁出",
            Status::Deceased => "已故",
        }
    }
}

/// A person with where they are registered, as this viewer may see them.
#[derive(Debug, Clone)]
pub struct PersonCard {
    /// Masked as the viewer's role requires.
    pub view: PersonView,
    /// Their household and its address.
    pub place: HouseholdRow,
    /// Whether they still live here.
    pub status: Status,
    /// ID type, ethnicity, political status, residency, employment.
    pub facts: PersonFacts,
    /// Registered since.
    pub registered_at: Option<DateTime<Utc>>,
    /// Whether this viewer works their grid (and so may change them).
    pub works_here: bool,
}

/// One change in a person's history, as the page shows it.
#[derive(Debug, Clone)]
pub struct HistoryView {
    /// When.
    pub at: DateTime<Utc>,
    /// `update`, `move_out`, `death`, `move`.
    pub kind: String,
    /// Who.
    pub actor: String,
    /// Why.
    pub reason: Option<String>,
    /// (field, before, after), personal values masked.
    pub changes: Vec<(String, String, String)>,
}

/// A correction to a person's record, as a form or the API gives it.
#[derive(Debug, Clone)]
pub struct PersonEdit {
    /// Name.
    pub name: String,
    /// The mobile number: kept, replaced, or removed.
    pub phone: PhoneChange,
    /// Relation to the head.
    pub relation: String,
    /// Tags.
    pub tags: Vec<String>,
    /// The other facts, checked.
    pub facts: crate::domain::registry::person::Facts,
}

/// What an edit does to the phone, which the form never shows in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneChange {
    /// Left as it is.
    Keep,
    /// A new number.
    Set(Phone),
    /// No phone any more.
    Remove,
}

/// A person's new values, checked, with the phone decided.
#[derive(Debug, Clone)]
pub(crate) struct Proposed {
    pub(crate) name: String,
    pub(crate) phone: Option<Phone>,
    pub(crate) relation: String,
    pub(crate) tags: Vec<String>,
    pub(crate) facts: PersonFacts,
}

/// How a person leaves the registry's living list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    /// 迁出.
    MovedOut,
    /// 死亡.
    Died,
}

fn check_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if !(2..=200).contains(&r.chars().count()) {
        return Err(Error::invalid("reason", Reason::SayWhy));
    }
    Ok(r.to_owned())
}

impl App {
    fn card(&self, user: &User, hit: PersonHit) -> PersonCard {
        let works_here = works(user, &hit.place.grid_code);
        let today = Utc::now().date_naive();
        PersonCard {
            view: self.view_person(&hit.person, works_here, today),
            status: Status::parse(&hit.person.status),
            facts: hit.person.facts.clone(),
            registered_at: hit.person.registered_at,
            place: hit.place,
            works_here,
        }
    }

    /// People in the user's scope matching what was typed: a name, pinyin,
    /// a whole ID number, a name with the ID number's last four, a phone or
    /// its last 4, or an address. Masked as the user's role requires.
    ///
    /// A search by ID number (whole, or a name with its last four) is
    /// counted per account — at most [`ID_SEARCHES_PER_HOUR`], checked in
    /// one database step — and each is written to the audit log: a run of
    /// guesses can neither go fast nor unseen.
    pub async fn search_people(&self, user: &User, ip: &str, text: &str) -> Result<Vec<PersonCard>> {
        let wanted = search::parse(text).map_err(|p| Error::invalid("q", Reason::Search(p)))?;
        let keys = self.keys();
        let (key, audited) = match wanted {
            Wanted::Name(n) => (Key::NamePrefix(n), None),
            Wanted::Pinyin(p) => (Key::Pinyin(p), None),
            Wanted::IdNumber(id) => {
                let shown = match IdNumber::parse(&id, Utc::now().date_naive()) {
                    Ok(valid) => valid.masked(),
                    Err(_) => format!("{}{}", id.get(..6).unwrap_or(""), "*".repeat(12)),
                };
                (Key::IdHashes(keys.lookup_hashes("id", &id)), Some(("id_number", shown)))
            }
            Wanted::Phone(p) => (Key::PhoneHashes(keys.lookup_hashes("phone", &p)), None),
            // As `Identity::lookup_text` keys passports.
            Wanted::Passport(p) => {
                let shown = format!("{}{}", &p[..2], "*".repeat(p.len() - 2));
                (Key::IdHashes(keys.lookup_hashes("id", &format!("P:{p}"))), Some(("passport", shown)))
            }
            Wanted::NameIdTail { name, tail } => {
                let shown = format!("{name} ****");
                (Key::NameIdTail(name, keys.lookup_hashes(ID_TAIL, &tail)), Some(("name_id_tail", shown)))
            }
            Wanted::Tail4(t) => (Key::PhoneTail4(t), None),
            Wanted::Address { building, room } => (Key::Address(building, room), None),
        };
        if audited.is_some() {
            let counter = format!("id_search:{}", user.account.row.id);
            let window = chrono::Duration::hours(1);
            if !linli_store::access::limit::take(self.db(), &counter, ID_SEARCHES_PER_HOUR, window, Utc::now()).await? {
                tracing::warn!(account = %user.account.row.id, "ID-number searches over the hourly limit");
                return Err(Error::TooMany);
            }
        }
        let hits = people::search(self.db(), &read_scope(user), &key, SEARCH_LIMIT).await?;
        if let Some((kind, shown)) = audited {
            let mut tx = self.db().begin().await?;
            record(&mut tx, &user.actor(ip), "person.search_id", &shown, json!({ "by": kind, "found": hits.len() }))
                .await?;
            tx.commit().await?;
        }
        Ok(hits.into_iter().map(|h| self.card(user, h)).collect())
    }

    /// The people with special-group tags living under a region (a grid
    /// worker's list), masked as the user's role requires; at most 500.
    pub async fn tagged_people(
        &self,
        user: &User,
        under: &crate::domain::registry::region::RegionCode,
    ) -> Result<Vec<PersonCard>> {
        let hits = people::tagged_under(self.db(), &read_scope(user), under.prefix(), 500).await?;
        Ok(hits.into_iter().map(|h| self.card(user, h)).filter(|c| !c.view.tags.is_empty()).collect())
    }

    async fn person_hit(&self, user: &User, id: Uuid) -> Result<PersonHit> {
        people::in_scope_by_id(self.db(), &read_scope(user), id).await?.ok_or(Error::NotFound("person"))
    }

    /// One person with their history; `NotFound` outside the user's scope.
    pub async fn person(&self, user: &User, id: Uuid) -> Result<(PersonCard, Vec<HistoryView>)> {
        let hit = self.person_hit(user, id).await?;
        let history = history::history(self.db(), &hit.person.community_id, id).await?;
        Ok((self.card(user, hit), history_views(history)))
    }

    /// The history of everyone who has lived in a household in scope.
    pub async fn household_history(&self, user: &User, household: Uuid) -> Result<Vec<(String, HistoryView)>> {
        let h = self.household(user, household).await?;
        self.history_of(&h).await
    }

    /// The history of a household the caller already holds (so already
    /// checked against their scope): the household page reads it beside
    /// the household without looking the household up again.
    pub async fn history_of(
        &self,
        h: &crate::app::registry::household::HouseholdView,
    ) -> Result<Vec<(String, HistoryView)>> {
        let household = h.row.id;
        let entries = history::household_history(self.db(), &h.row.community_id, household).await?;
        // Each entry names its person, also one who has moved on since.
        let mut ids: Vec<Uuid> = entries.iter().map(|e| e.person_id).collect();
        ids.sort();
        ids.dedup();
        let names = store::names(self.db(), &h.row.community_id, &ids).await?;
        let name_of = |id: Uuid| names.iter().find(|(p, _)| *p == id).map(|(_, n)| n.clone()).unwrap_or_default();
        let who: Vec<String> = entries.iter().map(|e| name_of(e.person_id)).collect();
        Ok(who.into_iter().zip(history_views(entries)).collect())
    }
}

fn history_views(history: Vec<HistoryEntry>) -> Vec<HistoryView> {
    {
        history
            .into_iter()
            .map(|e| {
                let detail: Value = serde_json::from_str(&e.detail).unwrap_or(Value::Null);
                let changes = detail["changes"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|c| {
                                let s = |k: &str| c[k].as_str().unwrap_or("").to_owned();
                                (s("field"), s("before"), s("after"))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                HistoryView { at: e.at, kind: e.kind, actor: e.actor, reason: e.reason, changes }
            })
            .collect()
    }
}

impl App {
    /// The person, checked to be in scope and worked by the user.
    async fn person_to_change(&self, user: &User, id: Uuid) -> Result<PersonHit> {
        let hit = self.person_hit(user, id).await?;
        if !works(user, &hit.place.grid_code) {
            return Err(Error::Forbidden);
        }
        Ok(hit)
    }

    pub(crate) async fn write_history(
        &self,
        tx: &mut linli_store::Tx,
        actor: &crate::app::access::audit::Actor,
        person: &PersonRow,
        kind: &str,
        reason: Option<String>,
        changes: Vec<Value>,
    ) -> Result<()> {
        let detail = json!({ "changes": changes });
        history::add_history(
            tx,
            &HistoryEntry {
                community_id: person.community_id.clone(),
                id: Uuid::now_v7(),
                person_id: person.id,
                household_id: person.household_id,
                kind: kind.to_owned(),
                at: Utc::now(),
                actor: actor.name.clone(),
                reason: reason.clone(),
                detail: detail.to_string(),
            },
        )
        .await?;
        record(
            tx,
            actor,
            &format!("person.{kind}"),
            &format!("{} {}", person.name, person.id_masked),
            json!({ "person": person.id, "reason": reason, "changes": changes }),
        )
        .await?;
        Ok(())
    }

    /// Corrects a person's record; each changed field goes on their history
    /// (phones masked). Returns how many fields changed.
    pub async fn edit_person(&self, user: &User, ip: &str, id: Uuid, edit: PersonEdit) -> Result<usize> {
        let name = edit.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::PersonName));
        }
        let hit = self.person_to_change(user, id).await?;
        let p = &hit.person;
        // A passport's number is not an ID number: the type follows the number.
        let passport = crate::domain::registry::person::PASSPORT;
        if (p.facts.id_type == passport) != (edit.facts.id_type == passport) {
            return Err(Error::invalid("id_type", Reason::IdTypeMismatch));
        }
        let old_phone = p.phone_sealed.as_deref().and_then(|s| self.open_sealed(s));
        let phone: Option<Phone> = match edit.phone {
            PhoneChange::Keep => old_phone.as_deref().and_then(|t| Phone::parse(t).ok()),
            PhoneChange::Set(x) => Some(x),
            PhoneChange::Remove => None,
        };
        let new = Proposed {
            name,
            phone,
            relation: edit.relation,
            tags: edit.tags,
            facts: crate::app::registry::household::stored_facts(&edit.facts),
        };
        let (changes, update) = self.plan_update(p, new);
        if changes.is_empty() {
            return Ok(0);
        }
        let n = changes.len();
        let mut tx = self.db().begin().await?;
        store::update(&mut tx, &p.community_id, id, &update).await?;
        self.write_history(&mut tx, &user.actor(ip), &hit.person, "update", None, changes).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The changes (personal values masked) from a stored person to new
    /// values, and the update that writes them.
    pub(crate) fn plan_update(&self, p: &PersonRow, new: Proposed) -> (Vec<Value>, store::PersonUpdate) {
        let keys = self.keys();
        let old_phone = p.phone_sealed.as_deref().and_then(|s| self.open_sealed(s));
        let new_phone = new.phone.as_ref().map(|x| x.as_str());
        let mask_phone = |x: Option<&str>| x.and_then(|t| Phone::parse(t).ok()).map(|t| t.masked()).unwrap_or_default();
        let mut changes = Vec::new();
        let mut diff = |field: &str, before: String, after: String, differs: bool| {
            if differs {
                changes.push(json!({ "field": field, "before": before, "after": after }));
            }
        };
        let ethnicity = crate::domain::registry::person::ethnicity_name;
        let f = (&p.facts, &new.facts);
        diff("姓名", p.name.clone(), new.name.clone(), p.name != new.name);
        // Compared in full: another number with the same mask still changed.
        diff("联系电话", mask_phone(old_phone.as_deref()), mask_phone(new_phone), old_phone.as_deref() != new_phone);
        diff("与户主关系", p.relation.clone(), new.relation.clone(), p.relation != new.relation);
        let tags = new.tags.join(",");
        diff("标签", p.tags.replace(',', "、"), new.tags.join("、"), p.tags != tags);
        diff("证件类型", f.0.id_type.clone(), f.1.id_type.clone(), f.0.id_type != f.1.id_type);
        let (e0, e1) = (ethnicity(&f.0.ethnicity).to_owned(), ethnicity(&f.1.ethnicity).to_owned());
        diff("民族", e0, e1, f.0.ethnicity != f.1.ethnicity);
        diff("政治面貌", f.0.political.clone(), f.1.political.clone(), f.0.political != f.1.political);
        diff("人口类型", f.0.residency.clone(), f.1.residency.clone(), f.0.residency != f.1.residency);
        diff("工作单位", f.0.employment.clone(), f.1.employment.clone(), f.0.employment != f.1.employment);
        let names = search::name_keys(&new.name);
        let update = store::PersonUpdate {
            name: new.name,
            name_pinyin: names.pinyin,
            name_initials: names.initials,
            phone_sealed: new.phone.as_ref().map(|x| keys.seal(x.as_str())),
            phone_hash: new.phone.as_ref().map(|x| keys.lookup_hash("phone", x.as_str())),
            phone_tail4: new.phone.as_ref().map(|x| x.as_str()[7..].to_owned()),
            relation: new.relation,
            tags,
            facts: new.facts,
        };
        (changes, update)
    }

    /// Records that a person moved away or died; their record stays.
    pub async fn person_leaves(&self, user: &User, ip: &str, id: Uuid, how: Leaving, reason: &str) -> Result<()> {
        let reason = check_reason(reason)?;
        let hit = self.person_to_change(user, id).await?;
        let before = Status::parse(&hit.person.status);
        if before != Status::Active {
            return Err(Error::invalid(
                "status",
                if before == Status::Deceased { Reason::Deceased } else { Reason::MovedOut },
            ));
        }
        let (after, kind) = match how {
            Leaving::MovedOut => (Status::MovedOut, "move_out"),
            Leaving::Died => (Status::Deceased, "death"),
        };
        let mut tx = self.db().begin().await?;
        store::set_status(&mut tx, &hit.person.community_id, id, after.as_str()).await?;
        let change = json!({ "field": "状态", "before": before.zh(), "after": after.zh() });
        self.write_history(&mut tx, &user.actor(ip), &hit.person, kind, Some(reason), vec![change]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Registers a person in another household of the same community (a
    /// move between houses, or back in after moving out).
    pub async fn move_person(&self, user: &User, ip: &str, id: Uuid, household: Uuid, reason: &str) -> Result<()> {
        let reason = check_reason(reason)?;
        let hit = self.person_to_change(user, id).await?;
        if Status::parse(&hit.person.status) == Status::Deceased {
            return Err(Error::invalid("status", Reason::Deceased));
        }
        let to = linli_store::registry::household::household_in_scope(self.db(), &read_scope(user), household)
            .await?
            .filter(|h| h.community_id == hit.person.community_id)
            .ok_or(Error::NotFound("household"))?;
        if !works(user, &to.grid_code) {
            return Err(Error::Forbidden);
        }
        let address = |h: &HouseholdRow| format!("{} {}-{}", h.building, h.unit, h.room);
        let change = json!({ "field": "住址", "before": address(&hit.place), "after": address(&to) });
        let mut tx = self.db().begin().await?;
        store::set_household(&mut tx, &hit.person.community_id, id, household).await?;
        self.write_history(&mut tx, &user.actor(ip), &hit.person, "move", Some(reason), vec![change]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The one household of the person's community at an address typed as
    /// `3号楼 101`, within the user's scope; `None` when none or several match.
    pub async fn household_at(&self, user: &User, person: Uuid, address: &str) -> Result<Option<Uuid>> {
        let hit = self.person_hit(user, person).await?;
        let Ok(Wanted::Address { building, room: Some(room) }) = search::parse(address) else { return Ok(None) };
        let found = people::search(self.db(), &read_scope(user), &Key::Address(building, Some(room)), 200).await?;
        let mut households: Vec<Uuid> = found
            .iter()
            .filter(|h| h.place.community_id == hit.person.community_id && h.place.id != hit.person.household_id)
            .map(|h| h.place.id)
            .collect();
        households.sort();
        households.dedup();
        Ok(if households.len() == 1 { households.pop() } else { None })
    }

    /// Fills the search keys of people registered before they existed (or
    /// before migration 21 replaced the last four in clear by their keyed
    /// hash); returns how many. Run at start; cheap when there are none.
    pub async fn fill_search_keys(&self) -> Result<usize> {
        let keys = self.keys();
        let mut done = 0;
        loop {
            let rows = store::missing_keys(self.db(), 1000).await?;
            if rows.is_empty() {
                return Ok(done);
            }
            let mut tx = self.db().begin().await?;
            for p in &rows {
                let names = search::name_keys(&p.name);
                // Empty (found by nothing) when no key of the ring opens it.
                let tail = match self.open_sealed(&p.id_sealed) {
                    Some(id) => keys.lookup_hash(ID_TAIL, &id[id.len().saturating_sub(4)..]),
                    None => {
                        tracing::warn!(person = %p.id, "an ID number no key opens: not findable by its last four");
                        String::new()
                    }
                };
                let phone = p.phone_sealed.as_deref().and_then(|s| self.open_sealed(s));
                let phone_tail = phone.as_deref().map(|x| &x[x.len().saturating_sub(4)..]);
                store::set_keys(&mut tx, p, (&names.pinyin, &names.initials, &tail, phone_tail)).await?;
            }
            tx.commit().await?;
            done += rows.len();
        }
    }
}
