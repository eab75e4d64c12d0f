//! The after-school class (四点半课堂): staff set up a term; parents enrol
//! their own children (or staff do it for them at the desk) and name the
//! adults who may take them home; each school day staff mark a child in
//! and sign them out to one of those adults, and the parent is told at once.

use chrono::{NaiveDate, NaiveTime, Utc};
use linli_store::life::class::{self as store, ChildRow, ClassRow, DayRow};
use serde_json::json;
use uuid::Uuid;

use super::room::tell;
use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::life::activity::age_on;
use crate::domain::life::class::{self, ClassProblem, Term};
use crate::domain::time;

/// A class as written.
#[derive(Debug, Clone)]
pub struct NewClass {
    /// Its community.
    pub community: String,
    /// Name.
    pub name: String,
    /// Where.
    pub place: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
    /// Weekdays as bits (Monday is 1).
    pub days: u8,
    /// Starts.
    pub starts: NaiveTime,
    /// Ends.
    pub ends: NaiveTime,
    /// Ages.
    pub ages: (i64, i64),
    /// Places.
    pub capacity: i64,
}

/// A class as its reader sees it on a day.
#[derive(Debug, Clone)]
pub struct ClassView {
    /// The class.
    pub row: ClassRow,
    /// The day shown.
    pub day: NaiveDate,
    /// Whether the class meets that day.
    pub meets: bool,
    /// The children shown (staff: all; a parent: theirs), with that day's record.
    pub children: Vec<(ChildRow, Option<DayRow>)>,
    /// The parent's children who may be enrolled: (person, name).
    pub may_enrol: Vec<(Uuid, String)>,
    /// The reader runs the centre.
    pub staff: bool,
}

fn problem(p: ClassProblem) -> Error {
    let field = match p {
        ClassProblem::Name => "name",
        ClassProblem::Term => "until",
        ClassProblem::Days => "days",
        ClassProblem::Times => "ends",
        ClassProblem::Ages => "ages",
        ClassProblem::Pickups => "pickups",
        ClassProblem::Child => "child",
        ClassProblem::NotNamed => "picked_up_by",
        ClassProblem::NoClass => "day",
    };
    Error::invalid(field, Reason::Class(p))
}

fn term_of(c: &ClassRow) -> Term {
    let t = |m: i64| NaiveTime::from_hms_opt((m / 60).clamp(0, 23) as u32, (m % 60) as u32, 0).unwrap_or_default();
    Term { from: c.term_from, until: c.term_until, days: (c.days & 0x7f) as u8, starts: t(c.starts), ends: t(c.ends) }
}

impl App {
    /// Sets up a class in a community the user runs.
    pub async fn add_class(&self, user: &User, ip: &str, n: NewClass) -> Result<ClassRow> {
        if n.community.len() != 12 || !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        let name = class::name(&n.name).map_err(problem)?;
        let place = n.place.trim();
        if place.is_empty() || place.chars().count() > 60 {
            return Err(Error::invalid(
                "place",
                Reason::Activity(crate::domain::life::activity::ActivityProblem::Place),
            ));
        }
        let term = Term::new(n.from, n.until, n.days, n.starts, n.ends).map_err(problem)?;
        let (min_age, max_age) = class::ages(n.ages.0, n.ages.1).map_err(problem)?;
        let capacity = crate::domain::life::activity::capacity(n.capacity)
            .map_err(|p| Error::invalid("capacity", Reason::Activity(p)))?;
        let (starts, ends) = term.minutes();
        let row = ClassRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            name,
            place: place.to_owned(),
            term_from: term.from,
            term_until: term.until,
            days: term.days.into(),
            starts,
            ends,
            min_age,
            max_age,
            capacity,
            enrolled: 0,
            created_by: user.account.shown_name(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add(&mut tx, &row).await?;
        record(&mut tx, &user.actor(ip), "class.add", &row.id.to_string(), json!({ "name": row.name })).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The classes the user sees whose term has not ended.
    pub async fn classes(&self, user: &User) -> Result<Vec<ClassRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::current(self.db(), &scope, time::day(Utc::now())).await?)
    }

    async fn visible_class(&self, user: &User, id: Uuid) -> Result<ClassRow> {
        let c = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("class"))?;
        let scope = self.life_scope(user).await?;
        if !scope.iter().any(|p| c.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("class"));
        }
        Ok(c)
    }

    /// The user's households in a community.
    async fn own_households(&self, user: &User, community: &str) -> Result<Vec<Uuid>> {
        let mut h: Vec<Uuid> = self
            .own_people(user)
            .await?
            .into_iter()
            .filter(|p| p.community_id == community)
            .map(|p| p.household_id)
            .collect();
        h.dedup();
        Ok(h)
    }

    /// A class on a day: staff see every child and the day's register; a
    /// parent sees their own children and those they may enrol.
    pub async fn class_day(&self, user: &User, id: Uuid, day: NaiveDate) -> Result<ClassView> {
        let row = self.visible_class(user, id).await?;
        let staff = runs(user, &row.community_id);
        let mine = self.own_households(user, &row.community_id).await?;
        let records = store::day(self.db(), id, day).await?;
        let children: Vec<(ChildRow, Option<DayRow>)> = store::children(self.db(), id)
            .await?
            .into_iter()
            .filter(|c| staff || mine.contains(&c.household_id))
            .map(|c| {
                let r = records.iter().find(|r| r.person_id == c.person_id).cloned();
                (c, r)
            })
            .collect();
        let households: Vec<(String, Uuid)> = mine.iter().map(|h| (row.community_id.clone(), *h)).collect();
        let today = time::day(Utc::now());
        let may_enrol = linli_store::registry::person::people_of(self.db(), &households)
            .await?
            .into_iter()
            .filter(|p| p.status == "active")
            .filter(|p| (row.min_age..=row.max_age).contains(&i64::from(age_on(p.birth_month, today))))
            .filter(|p| !children.iter().any(|(c, _)| c.person_id == p.id))
            .map(|p| (p.id, p.name))
            .collect();
        let meets = term_of(&row).meets(day);
        Ok(ClassView { row, day, meets, children, may_enrol, staff })
    }

    /// Enrols a child, naming who may take them home: a parent for a child
    /// of their household, or staff at the desk for any child of the
    /// community. The child must be of the class's age; places are counted
    /// under the class's lock.
    pub async fn enrol_child(&self, user: &User, ip: &str, id: Uuid, person: Uuid, pickups: &str) -> Result<()> {
        let c = self.visible_class(user, id).await?;
        let staff = runs(user, &c.community_id);
        let child = linli_store::registry::person::person_in(self.db(), &c.community_id, person)
            .await?
            .filter(|p| p.status == "active")
            .ok_or_else(|| problem(ClassProblem::Child))?;
        let mine = self.own_households(user, &c.community_id).await?;
        if !staff && !mine.contains(&child.household_id) {
            return Err(problem(ClassProblem::Child));
        }
        let age = i64::from(age_on(child.birth_month, time::day(Utc::now())));
        if !(c.min_age..=c.max_age).contains(&age) {
            return Err(problem(ClassProblem::Child));
        }
        let named = class::pickups(pickups).map_err(problem)?;
        let mut tx = self.db().begin().await?;
        let locked = store::lock(&mut tx, id).await?.ok_or(Error::NotFound("class"))?;
        if store::child_in(&mut tx, id, person).await?.is_some_and(|x| x.status == "enrolled") {
            tx.rollback().await?;
            return Ok(());
        }
        if locked.enrolled >= locked.capacity {
            tx.rollback().await?;
            return Err(Error::invalid("child", Reason::RegistrationClosed));
        }
        let row = ChildRow {
            class_id: id,
            person_id: person,
            community_id: c.community_id.clone(),
            household_id: child.household_id,
            child_name: child.name.clone(),
            enrolled_by: user.account.row.id,
            parent_account: mine.contains(&child.household_id).then_some(user.account.row.id),
            pickups: named.join(","),
            status: "enrolled".into(),
            enrolled_at: Utc::now(),
        };
        store::enrol(&mut tx, &row).await?;
        store::add_enrolled(&mut tx, id, 1).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "class.enrol",
            &id.to_string(),
            json!({ "person": person, "pickups": named.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws a child (their parent or staff).
    pub async fn withdraw_child(&self, user: &User, ip: &str, id: Uuid, person: Uuid) -> Result<()> {
        let c = self.visible_class(user, id).await?;
        let mut tx = self.db().begin().await?;
        store::lock(&mut tx, id).await?;
        let child = store::child_in(&mut tx, id, person).await?.filter(|x| x.status == "enrolled");
        let Some(child) = child else {
            tx.rollback().await?;
            return Err(Error::NotFound("child"));
        };
        let mine = self.own_households(user, &c.community_id).await?;
        if !runs(user, &c.community_id) && !mine.contains(&child.household_id) {
            tx.rollback().await?;
            return Err(Error::NotFound("child"));
        }
        store::withdraw(&mut tx, id, person).await?;
        store::add_enrolled(&mut tx, id, -1).await?;
        record(&mut tx, &user.actor(ip), "class.withdraw", &id.to_string(), json!({ "person": person })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Staff mark a child arrived today.
    pub async fn child_arrived(&self, user: &User, ip: &str, id: Uuid, person: Uuid) -> Result<()> {
        let c = self.visible_class(user, id).await?;
        if !runs(user, &c.community_id) {
            return Err(Error::Forbidden);
        }
        let now = Utc::now();
        let today = time::day(now);
        if !term_of(&c).meets(today) {
            return Err(problem(ClassProblem::NoClass));
        }
        let mut tx = self.db().begin().await?;
        if store::child_in(&mut tx, id, person).await?.is_none_or(|x| x.status != "enrolled") {
            tx.rollback().await?;
            return Err(Error::NotFound("child"));
        }
        let d = DayRow {
            class_id: id,
            day: today,
            person_id: person,
            arrived_at: now,
            left_at: None,
            picked_up_by: None,
            marked_by: user.account.shown_name(),
        };
        if store::arrive(&mut tx, &d).await? {
            record(&mut tx, &user.actor(ip), "class.arrive", &id.to_string(), json!({ "person": person })).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Staff sign a child out to one of the adults named for them; the
    /// parent is told at once.
    pub async fn child_left(&self, user: &User, ip: &str, id: Uuid, person: Uuid, picked_up_by: &str) -> Result<()> {
        let c = self.visible_class(user, id).await?;
        if !runs(user, &c.community_id) {
            return Err(Error::Forbidden);
        }
        let now = Utc::now();
        let today = time::day(now);
        let mut tx = self.db().begin().await?;
        let child = store::child_in(&mut tx, id, person).await?.filter(|x| x.status == "enrolled");
        let Some(child) = child else {
            tx.rollback().await?;
            return Err(Error::NotFound("child"));
        };
        let who = picked_up_by.trim();
        if !class::may_take_home(&child.pickups, who) {
            tx.rollback().await?;
            return Err(problem(ClassProblem::NotNamed));
        }
        if !store::leave(&mut tx, (id, today, person), who, now).await? {
            tx.rollback().await?;
            return Err(problem(ClassProblem::NoClass));
        }
        if let Some(parent) = child.parent_account {
            let at = time::zone().local(now).format("%H:%M");
            let text = format!("{}已于 {at} 由{who}从{}接走。", child.child_name, c.name);
            tell(&mut tx, &c.community_id, parent, &c.name, &text).await?;
        }
        record(&mut tx, &user.actor(ip), "class.leave", &id.to_string(), json!({ "person": person, "by": who }))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
