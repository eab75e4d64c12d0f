//! The help wall (爱心回音壁): a resident (or the centre for them) posts a
//! small wish; a registered volunteer claims it; the requester accepts and
//! only then does the volunteer see how to reach them; the volunteer
//! marks it done with the hours it took; the requester thanks, which
//! confirms the hours and earns the volunteer points. A wish nobody takes
//! in time is raised to the centre.
//!
//! Volunteers (志愿者, 在职党员, teams) register with their community and
//! record their hours; the centre confirms them and prints the record.

mod certificate;
mod volunteer;
pub use certificate::*;

use chrono::{DateTime, NaiveDate, Utc};
use linli_store::life::wish::{self as store, Change, HoursRow, VolunteerRow, WishRow};
use linli_store::registry::person::PersonRow;
use linli_store::services::photo::WISHES;
use serde_json::json;
use uuid::Uuid;

use super::points::{Move, earn};
use super::room::tell;
use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::photo::Written;
use crate::app::refusal::Reason;
use crate::app::registry::household::{read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::life::points::{self as points, Kind};
use crate::domain::life::wish::{self, Step, Who, WishProblem, WishState};
use crate::domain::time;

/// The most wishes one person has on the wall at once.
pub const OPEN_MOST: usize = 5;
/// How many wishes a tab of the wall shows.
pub const WALL_SIZE: u64 = 60;
/// The wall counts a tab's wishes this far ("999+" beyond).
pub const COUNT_MOST: u64 = 1_000;

/// A wish as written.
#[derive(Debug, Clone, Default)]
pub struct NewWish {
    /// For whom, when the centre posts it for a resident.
    pub person: Option<Uuid>,
    /// What.
    pub title: String,
    /// More.
    pub body: String,
    /// Kind of help.
    pub category: String,
    /// By when.
    pub needed_by: Option<NaiveDate>,
}

/// The wall's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Waiting for someone: open or offered.
    Newest,
    /// Taken up.
    Taken,
    /// Done, waiting for thanks.
    Done,
    /// Thanked.
    Thanked,
}

impl Tab {
    /// Every tab.
    pub const ALL: [Tab; 4] = [Tab::Newest, Tab::Taken, Tab::Done, Tab::Thanked];

    /// As the address says it.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Newest => "new",
            Tab::Taken => "taken",
            Tab::Done => "done",
            Tab::Thanked => "thanked",
        }
    }

    /// From the address (the newest when unknown).
    pub fn parse(s: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.key() == s).unwrap_or(Tab::Newest)
    }

    fn states(self) -> &'static [&'static str] {
        match self {
            Tab::Newest => &["open", "claimed"],
            Tab::Taken => &["taken"],
            Tab::Done => &["done"],
            Tab::Thanked => &["thanked"],
        }
    }
}

/// The wall as a reader sees it.
#[derive(Debug, Clone)]
pub struct Wall {
    /// The tab shown.
    pub tab: Tab,
    /// Its wishes.
    pub wishes: Vec<WishRow>,
    /// How many wishes each tab holds.
    pub counts: [i64; 4],
    /// The reader may post a wish (lives here or runs the centre).
    pub may_post: bool,
    /// The reader is a volunteer here.
    pub volunteer: bool,
}

/// How to reach the requester, for the volunteer they accepted.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The requester's name.
    pub name: String,
    /// Their phone, when known.
    pub phone: Option<String>,
    /// Where they live.
    pub address: String,
}

/// A wish as its reader sees it.
#[derive(Debug, Clone)]
pub struct WishView {
    /// The wish.
    pub row: WishRow,
    /// Its state.
    pub state: WishState,
    /// The steps the reader may take now.
    pub steps: Vec<Step>,
    /// How to reach the requester (their accepted volunteer and staff only).
    pub contact: Option<Contact>,
    /// The hours recorded for it.
    pub hours: Option<HoursRow>,
    /// The reader asked for it.
    pub mine: bool,
    /// The reader runs the centre and may put it on the 三清单's needs.
    pub may_list: bool,
    /// Photos of the work done: for the requester, the volunteer and staff
    /// (they may show the inside of a home, so never on the wall).
    pub photos: Vec<linli_store::services::photo::PhotoRow>,
}

/// A volunteer registering.
#[derive(Debug, Clone, Default)]
pub struct NewVolunteer {
    /// The community.
    pub community: String,
    /// volunteer, party_member, team, organisation.
    pub kind: String,
    /// A team's name, an 在职党员's employer.
    pub org_name: String,
    /// A team or organisation: the registry's organisation (实有单位) it
    /// is; its registered name is then the name.
    pub org: Option<Uuid>,
    /// Wish categories they can help with.
    pub skills: Vec<String>,
    /// When they can help.
    pub available: String,
}

/// Hours to record.
#[derive(Debug, Clone, Default)]
pub struct NewHours {
    /// The activity they were for, if any.
    pub activity: Option<Uuid>,
    /// What was done.
    pub what: String,
    /// The day.
    pub day: Option<NaiveDate>,
    /// How long.
    pub minutes: i64,
}

/// A volunteer's record: who, their hours, what they took up.
#[derive(Debug, Clone)]
pub struct VolunteerView {
    /// The volunteer.
    pub row: VolunteerRow,
    /// Their hours, latest first.
    pub hours: Vec<HoursRow>,
    /// Confirmed minutes.
    pub confirmed: i64,
    /// The wishes they took up.
    pub wishes: Vec<WishRow>,
    /// The community's name.
    pub community_name: String,
    /// The reader runs the centre.
    pub may_manage: bool,
    /// The 三清单 needs they took on (领办), for an 在职党员's employer.
    pub needs: Vec<linli_store::life::joint::NeedRow>,
}

/// The volunteer kinds.
pub const KINDS: [&str; 4] = ["volunteer", "party_member", "team", "organisation"];

fn bad(field: &'static str, p: WishProblem) -> Error {
    Error::invalid(field, Reason::Wish(p))
}

fn state_of(w: &WishRow) -> Result<WishState> {
    WishState::parse(&w.status).ok_or_else(|| Error::unknown_state(&w.status))
}

impl App {
    /// The communities whose wall the user reads: where they live or work,
    /// and where they volunteer.
    pub(crate) async fn wall_scope(&self, user: &User) -> Result<Vec<String>> {
        let mut scope = self.life_scope(user).await?;
        for v in store::volunteers_of(self.db(), user.account.row.id).await? {
            if v.status == "active" {
                scope.push(v.community_id);
            }
        }
        scope.sort();
        scope.dedup();
        Ok(scope)
    }

    /// The wall.
    pub async fn wall(&self, user: &User, tab: Tab) -> Result<Wall> {
        let scope = self.wall_scope(user).await?;
        let wishes = store::wall(self.db(), &scope, tab.states(), WALL_SIZE).await?;
        let mut counts = [0; 4];
        let states = ["open", "claimed", "taken", "done", "thanked"];
        for (status, n) in store::counts(self.db(), &scope, &states, COUNT_MOST).await? {
            if let Some(i) = Tab::ALL.iter().position(|t| t.states().contains(&status.as_str())) {
                counts[i] += n;
            }
        }
        // Residents post here; staff post for a resident from the household page.
        let may_post = !self.own_people(user).await?.is_empty();
        let volunteer =
            store::volunteers_of(self.db(), user.account.row.id).await?.iter().any(|v| v.status == "active");
        Ok(Wall { tab, wishes, counts, may_post, volunteer })
    }

    /// The newest wishes of a community for its screen: no sign-in, so
    /// nothing that names anyone beyond the wall's 王女士.
    pub async fn public_wall(&self, community: &str) -> Result<Vec<WishRow>> {
        let c = vec![community.to_owned()];
        store::wall(self.db(), &c, &["open", "claimed", "taken", "done", "thanked"], 30).await.map_err(Into::into)
    }

    /// Posts a wish: a resident for themself, or the centre for a resident.
    pub async fn post_wish(&self, user: &User, ip: &str, n: NewWish) -> Result<WishRow> {
        let person = match n.person {
            Some(id) => self.person_for_wish(user, id).await?,
            None => self.own_person(user, None).await?,
        };
        let now = Utc::now();
        let needed_by = n.needed_by.ok_or_else(|| Error::invalid("needed_by", Reason::BadDate))?;
        let n = NewWish { title: wish::clean(&n.title, false), body: wish::clean(&n.body, true), ..n };
        wish::check(&n.title, &n.body, &n.category, needed_by, time::day(now)).map_err(|p| {
            let field = match p {
                WishProblem::Title => "title",
                WishProblem::Body | WishProblem::Phone => "body",
                WishProblem::Category => "category",
                _ => "needed_by",
            };
            bad(field, p)
        })?;
        let household =
            linli_store::registry::household::household_by_key(self.db(), &person.community_id, person.household_id)
                .await?
                .ok_or(Error::NotFound("household"))?;
        let row = WishRow {
            id: Uuid::now_v7(),
            community_id: person.community_id.clone(),
            grid_code: household.grid_code,
            household_id: person.household_id,
            person_id: person.id,
            account_id: if n.person.is_none() { Some(user.account.row.id) } else { None },
            shown_name: wish::shown_name(&person.name, &person.sex),
            title: n.title.trim().to_owned(),
            body: n.body.trim().to_owned(),
            category: n.category.clone(),
            needed_by,
            status: WishState::Open.key().into(),
            volunteer_id: None,
            volunteer_name: None,
            claimed_at: None,
            taken_at: None,
            done_at: None,
            done_note: None,
            thanks: None,
            thanked_at: None,
            not_done: None,
            raised_at: None,
            posted_by: user.account.shown_name(),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db().begin().await?;
        // Counted under the person's lock: requests at once see each other.
        store::lock_person(&mut tx, &person.community_id, person.id).await?;
        let waiting = store::waiting_of(&mut tx, person.id).await?;
        // A double click (or a retry) posts once: the same words a minute
        // later are the wish already on the wall.
        if let Some(same) = waiting.iter().find(|w| {
            w.title == row.title
                && w.category == row.category
                && w.needed_by == row.needed_by
                && w.status == "open"
                && now - w.created_at < chrono::Duration::minutes(1)
        }) {
            tx.rollback().await?;
            return Ok(same.clone());
        }
        if waiting.len() >= OPEN_MOST {
            tx.rollback().await?;
            return Err(Error::invalid("title", Reason::TooManyWishes { most: OPEN_MOST }));
        }
        store::add(&mut tx, &row).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "wish.post",
            &row.id.to_string(),
            json!({ "person": person.id, "category": row.category }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A resident the user may post a wish for: in a grid they work.
    pub(crate) async fn person_for_wish(&self, user: &User, person: Uuid) -> Result<PersonRow> {
        for prefix in read_scope(user) {
            let c = &prefix[..prefix.len().min(12)];
            if c.len() == 12
                && let Some(p) = linli_store::registry::person::person_in(self.db(), c, person).await?
            {
                let h = linli_store::registry::household::household_by_key(self.db(), c, p.household_id).await?;
                if h.is_some_and(|h| works(user, &h.grid_code) || runs(user, c)) && p.status == "active" {
                    return Ok(p);
                }
            }
        }
        Err(Error::NotFound("person"))
    }

    /// Who the user is to a wish, for each step.
    async fn roles_on(&self, user: &User, w: &WishRow) -> Result<(bool, bool, bool, bool)> {
        let me = user.account.row.id;
        let requester = w.account_id == Some(me) || self.own_people(user).await?.iter().any(|p| p.id == w.person_id);
        let mine = store::volunteers_of(self.db(), me).await?;
        let claimer = w.volunteer_id.is_some_and(|v| mine.iter().any(|m| m.id == v));
        let volunteer = mine.iter().any(|m| m.community_id == w.community_id && m.status == "active");
        let staff = runs(user, &w.community_id) || works(user, &w.grid_code);
        Ok((requester, claimer, volunteer, staff))
    }

    /// One wish as the user may see it; the requester's contact goes only
    /// to the volunteer they accepted (and is audited each time).
    pub async fn wish(&self, user: &User, ip: &str, id: Uuid) -> Result<WishView> {
        let row = self.wish_in_scope(user, id).await?;
        let state = state_of(&row)?;
        let (requester, claimer, volunteer, staff) = self.roles_on(user, &row).await?;
        let steps = Step::ALL
            .into_iter()
            .filter(|s| {
                who_for(*s, requester, claimer, volunteer, staff).is_some_and(|w| wish::next(state, *s, w).is_ok())
            })
            .collect();
        let contact = if claimer && wish::contact_shown(state) || staff && !requester {
            let c = self.contact_of(&row).await?;
            let mut tx = self.db().begin().await?;
            record(&mut tx, &user.actor(ip), "wish.contact", &id.to_string(), json!({ "person": row.person_id }))
                .await?;
            tx.commit().await?;
            Some(c)
        } else {
            None
        };
        let hours = match row.volunteer_id {
            Some(v) if claimer || staff || requester => {
                store::hours_of(self.db(), v).await?.into_iter().find(|h| h.source == format!("wish:{id}"))
            }
            _ => None,
        };
        let may_list = runs(user, &row.community_id) && matches!(state, WishState::Open | WishState::Claimed);
        let photos = if requester || claimer || staff {
            WISHES.of(self.db(), &row.community_id, &[row.id]).await?
        } else {
            Vec::new()
        };
        Ok(WishView { row, state, steps, contact, hours, mine: requester, may_list, photos })
    }

    async fn wish_in_scope(&self, user: &User, id: Uuid) -> Result<WishRow> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("wish"))?;
        let scope = self.wall_scope(user).await?;
        if !scope.iter().any(|p| row.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("wish"));
        }
        Ok(row)
    }

    /// A photo of a wish done, for its requester, its volunteer and staff:
    /// (content type, bytes).
    pub async fn wish_photo(&self, user: &User, id: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let row = self.wish_in_scope(user, id).await?;
        let (requester, claimer, _, staff) = self.roles_on(user, &row).await?;
        if !(requester || claimer || staff) {
            return Err(Error::NotFound("photo"));
        }
        let photos = WISHES.of(self.db(), &row.community_id, &[row.id]).await?;
        let p = photos.iter().find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }

    async fn contact_of(&self, w: &WishRow) -> Result<Contact> {
        let p = linli_store::registry::person::person_in(self.db(), &w.community_id, w.person_id)
            .await?
            .ok_or(Error::NotFound("person"))?;
        let h = linli_store::registry::household::household_by_key(self.db(), &w.community_id, w.household_id).await?;
        let address = h.map(|h| format!("{} {} {}", h.building, h.unit, h.room).trim().to_owned()).unwrap_or_default();
        let phone = p.phone_sealed.as_deref().and_then(|s| self.open_sealed(s));
        Ok(Contact { name: p.name, phone, address })
    }

    /// Takes a step on a wish. `note`: what was done (finish), the thanks,
    /// why not done; `minutes`: the time it took (finish); `photos`: of the
    /// work done (finish; up to three, ignored on other steps).
    #[allow(clippy::too_many_arguments)]
    pub async fn wish_step(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        step: Step,
        note: &str,
        minutes: i64,
        photos: Vec<Vec<u8>>,
    ) -> Result<WishRow> {
        let w = self.wish_in_scope(user, id).await?;
        let state = state_of(&w)?;
        let (requester, claimer, volunteer, staff) = self.roles_on(user, &w).await?;
        if step == Step::Claim && requester {
            return Err(bad("wish", WishProblem::OwnWish));
        }
        let who = who_for(step, requester, claimer, volunteer, staff).ok_or(bad("wish", WishProblem::NotYours))?;
        let to = wish::next(state, step, who).map_err(|p| bad("wish", p))?;
        let now = Utc::now();
        let by = user.account.shown_name();
        let change = match step {
            Step::Claim => {
                let v = store::volunteers_of(self.db(), user.account.row.id)
                    .await?
                    .into_iter()
                    .find(|v| v.community_id == w.community_id && v.status == "active")
                    .ok_or(bad("wish", WishProblem::NotYours))?;
                // A team or organisation claims under its name, with who came.
                let name = if v.kind == "team" || v.kind == "organisation" {
                    format!("{}（{}）", v.org_name, v.name).chars().take(64).collect()
                } else {
                    v.name
                };
                Change::Claim { volunteer: v.id, name }
            }
            Step::Accept => Change::Accept,
            Step::Decline | Step::GiveBack => Change::Release,
            Step::Finish => {
                let note = wish::note(note, true).map_err(|p| bad("note", p))?;
                if minutes != 0 {
                    points::check_hours(minutes, 0).map_err(|p| Error::invalid("minutes", Reason::Hours(p)))?;
                }
                Change::Finish { note }
            }
            Step::Thank => Change::Thank { text: wish::note(note, true).map_err(|p| bad("note", p))? },
            Step::NotDone => Change::NotDone { why: wish::note(note, true).map_err(|p| bad("note", p))? },
            Step::Withdraw => Change::Nothing,
        };
        // Photos are checked before anything is written, and their files
        // go again if the step is not recorded.
        let cleaned = if step == Step::Finish { self.clean_photos(photos).await? } else { Vec::new() };
        let (photo_rows, files) = self.write_owned_photos(&w.community_id, id, &cleaned, now).await?;
        let written = Written::new(files);
        let mut tx = self.db().begin().await?;
        if !store::step(&mut tx, id, state.key(), to.key(), change, now).await? {
            tx.rollback().await?;
            return Err(bad("wish", WishProblem::NotNow));
        }
        let source = format!("wish:{id}");
        match step {
            Step::Claim => {
                if let Some(a) = w.account_id {
                    let text = format!("志愿者 {} 认领了您的心愿“{}”，请在爱心回音壁确认。", by, w.title);
                    tell(&mut tx, &w.community_id, a, "心愿有人认领", &text).await?;
                }
            }
            Step::Accept | Step::Decline | Step::Thank | Step::NotDone => {
                if let Some(a) = self.claimer_account(&w).await? {
                    let (subject, text) = match step {
                        Step::Accept => {
                            ("心愿已确认", format!("“{}”的认领已确认，请在心愿页面查看联系方式。", w.title))
                        }
                        Step::Decline => ("认领未被接受", format!("“{}”的请求人没有接受这次认领。", w.title)),
                        Step::Thank => ("收到感谢", format!("{}感谢您：{}", w.shown_name, note.trim())),
                        _ => ("心愿尚未完成", format!("“{}”：{}", w.title, note.trim())),
                    };
                    tell(&mut tx, &w.community_id, a, subject, &text).await?;
                }
            }
            Step::GiveBack | Step::Withdraw => {
                let notify = if step == Step::GiveBack { w.account_id } else { self.claimer_account(&w).await? };
                if let Some(a) = notify {
                    tell(&mut tx, &w.community_id, a, "心愿状态变化", &format!("“{}”已重新等待认领。", w.title))
                        .await?;
                }
            }
            Step::Finish => {
                if let Some(a) = w.account_id {
                    let text = format!("志愿者说“{}”已完成，请在爱心回音壁致谢或说明情况。", w.title);
                    tell(&mut tx, &w.community_id, a, "心愿已完成", &text).await?;
                }
            }
        }
        match step {
            Step::Finish if minutes > 0 => {
                if let Some(v) = w.volunteer_id {
                    store::lock_volunteer(&mut tx, v).await?;
                    let day = time::day(now);
                    let recorded = store::minutes_on(&mut tx, v, day).await?;
                    if let Err(p) = points::check_hours(minutes, recorded) {
                        tx.rollback().await?;
                        return Err(Error::invalid("minutes", Reason::Hours(p)));
                    }
                    let h = HoursRow {
                        id: Uuid::now_v7(),
                        volunteer_id: v,
                        community_id: w.community_id.clone(),
                        source: source.clone(),
                        what: w.title.clone(),
                        day,
                        minutes,
                        status: "pending".into(),
                        recorded_by: by.clone(),
                        decided_by: None,
                        decided_at: None,
                        created_at: now,
                    };
                    if store::has_hours(&mut tx, v, &source).await? {
                        store::redo_hours(&mut tx, v, &source, minutes, day, now).await?;
                    } else {
                        store::add_hours(&mut tx, &h).await?;
                    }
                }
            }
            Step::NotDone => {
                if let Some(v) = w.volunteer_id {
                    store::refuse_pending(&mut tx, v, &source, &by, now).await?;
                }
            }
            Step::Thank => {
                for h in store::hours_for(&mut tx, &source).await? {
                    if h.status == "pending" {
                        self.confirm_hours_in(&mut tx, &h, &by, now).await?;
                    }
                }
            }
            _ => {}
        }
        WISHES.add(&mut tx, &photo_rows).await?;
        let what = json!({ "to": to.key(), "photos": photo_rows.len() });
        record(&mut tx, &user.actor(ip), &format!("wish.{}", step.key()), &id.to_string(), what).await?;
        tx.commit().await?;
        written.keep();
        store::by_id(self.db(), id).await?.ok_or(Error::NotFound("wish"))
    }

    async fn claimer_account(&self, w: &WishRow) -> Result<Option<Uuid>> {
        Ok(match w.volunteer_id {
            Some(v) => store::volunteer(self.db(), v).await?.map(|v| v.account_id),
            None => None,
        })
    }

    /// Confirms pending hours inside a transaction and earns their points.
    async fn confirm_hours_in(
        &self,
        tx: &mut linli_store::Tx,
        h: &HoursRow,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if !store::decide_hours(tx, h.id, "confirmed", by, now).await? {
            return Ok(false);
        }
        let v = store::volunteer(self.db(), h.volunteer_id).await?.ok_or(Error::NotFound("volunteer"))?;
        if let Some(person) = v.person_id {
            let rules = self.points_rules(&v.community_id).await?;
            let m = Move {
                person,
                community: &v.community_id,
                kind: Kind::Volunteer,
                reason: &h.what,
                key: Some(format!("hours:{}", h.id)),
                by,
            };
            earn(tx, &rules, &m, rules.for_minutes(h.minutes), now).await?;
        }
        Ok(true)
    }

    /// Raises the wishes nobody took in time to their community's staff
    /// (the minute loop runs it). Returns how many were raised.
    pub async fn raise_untaken_wishes(&self, now: DateTime<Utc>) -> Result<usize> {
        let mut n = 0;
        for c in store::communities_with_open(self.db()).await? {
            let rules = self.points_rules(&c).await?;
            let late = store::to_raise(self.db(), &c, now - chrono::Duration::days(rules.raise_days)).await?;
            if late.is_empty() {
                continue;
            }
            let staff = linli_store::access::account::granted_on(
                self.db(),
                &["community_staff", "community_head"],
                &[c.as_str()],
            )
            .await?;
            let mut tx = self.db().begin().await?;
            for w in &late {
                if store::raise(&mut tx, w.id, now).await? {
                    n += 1;
                    for (account, _) in &staff {
                        let text = format!(
                            "“{}”（{}）发布 {} 天仍无人认领，请联系志愿者或上门了解。",
                            w.title, w.shown_name, rules.raise_days
                        );
                        tell(&mut tx, &c, *account, "心愿无人认领", &text).await?;
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(n)
    }

    /// How many wishes in the user's area nobody took in time.
    pub async fn wishes_raised(&self, user: &User) -> Result<i64> {
        Ok(store::raised_count(self.db(), &read_scope(user)).await?)
    }

    /// The wishes the user asked for, and those they took up as a volunteer.
    pub async fn my_wishes(&self, user: &User) -> Result<(Vec<WishRow>, Vec<WishRow>)> {
        let people: Vec<Uuid> = self.own_people(user).await?.iter().map(|p| p.id).collect();
        let asked = store::of_people(self.db(), &people, 50).await?;
        let vols: Vec<Uuid> =
            store::volunteers_of(self.db(), user.account.row.id).await?.iter().map(|v| v.id).collect();
        let taken = store::of_volunteers(self.db(), &vols, 50).await?;
        Ok((asked, taken))
    }

    // Volunteers.
}
