//! Events (诉求/事件): a report comes in from a channel, and staff move it
//! through the workflow of `domain::events::event`, each step on its timeline and
//! in the audit log.

use chrono::{DateTime, Utc};
use linli_store::events::event::EventRow;
use linli_store::events::photo::PhotoRow;
use linli_store::events::timeline::StepRow;
use linli_store::notify::outbox::Notification;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::photo::forget_files;
use crate::app::refusal::Reason;
use crate::app::registry::household::{read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::events::event::{Action, Refused, State, apply, handler_zh};
use crate::domain::registry::phone::Phone;

/// An event's values for its category's fields, by what was asked.
fn named_values(row: &EventRow, fields: &[crate::domain::events::field::Field]) -> Vec<(String, String)> {
    let values: crate::domain::events::field::Values =
        row.attributes.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
    let mut out: Vec<(String, String)> =
        fields.iter().filter_map(|f| values.get(&f.code).map(|v| (f.name.clone(), v.clone()))).collect();
    out.extend(
        values.iter().filter(|(k, _)| !fields.iter().any(|f| &f.code == *k)).map(|(k, v)| (k.clone(), v.clone())),
    );
    out
}

/// An event with its timeline, for staff.
#[derive(Debug, Clone)]
pub struct EventView {
    /// The values the report gave for its category's extra fields: (what
    /// was asked, the value), in the fields' order; a field since removed
    /// keeps its code.
    pub attributes: Vec<(String, String)>,
    /// The event.
    pub row: EventRow,
    /// Its state.
    pub state: State,
    /// Its category's name.
    pub category: String,
    /// Every step, oldest first.
    pub steps: Vec<StepRow>,
    /// Open events of the last 7 days that may be the same problem: the
    /// same category and grid, or a text alike ((tracking code, id) each).
    pub possible_duplicates: Vec<(String, Uuid)>,
    /// Its photos, oldest first.
    pub photos: Vec<PhotoRow>,
    /// Who its category goes to unless staff name someone.
    pub default_handler: String,
    /// The actions the state allows and the viewer may take, by name
    /// (`domain::events::event::possible`, empty for those who only read).
    pub actions: Vec<&'static str>,
    /// The building it was reported from ((id, name)), when known.
    pub building: Option<(Uuid, String)>,
    /// The reporter's phone, masked (or in full right after a recorded reveal).
    pub reporter_phone: Option<String>,
    /// Seen by a member of the unit it went to: only the public parts and
    /// the address (no reporter, no internal notes).
    pub for_unit: bool,
    /// The unit it is dispatched to, by name.
    pub unit: Option<String>,
    /// The person it is assigned to, by name (not shown to the public).
    pub assignee: Option<String>,
    /// The unit routing suggested, when it has not gone there yet ((id, name)).
    pub suggested_unit: Option<(Uuid, String)>,
}

/// Whom a dispatch or transfer sends an event to: a handler unit (and
/// optionally one of its people), a person of the community, or a name.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The unit.
    pub unit: Option<Uuid>,
    /// The person (account).
    pub assignee: Option<Uuid>,
    /// Who, in words, when neither is chosen (e.g. 保洁).
    pub handler: Option<String>,
}

/// Where staff may send an event: the units working there and the people
/// of its grid and community.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Units that work in the event's community.
    pub units: Vec<linli_store::events::unit::UnitRow>,
    /// Each unit's members ((unit, account, name)).
    pub members: Vec<(Uuid, Uuid, String)>,
    /// The grid workers and staff of its grid and community ((account, name)).
    pub workers: Vec<(Uuid, String)>,
}

/// The lists of events staff work from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Every event, newest first.
    #[default]
    All,
    /// The dispatch board: waiting to be accepted or dispatched.
    Board,
    /// On the clock, soonest due first (a grid worker's tasks).
    Mine,
    /// Open and past a deadline (the leader's overdue list).
    Late,
    /// Sent back to work at least once.
    Rework,
    /// Still open: not closed, rejected or a duplicate (the dashboard's).
    Open,
}

impl View {
    /// From the query's `view`.
    pub fn parse(s: &str) -> View {
        match s {
            "board" => View::Board,
            "mine" => View::Mine,
            "late" => View::Late,
            "rework" => View::Rework,
            "open" => View::Open,
            _ => View::All,
        }
    }
}

/// Who a step is by when the reporter rated it through their link.
pub const REPORTER: &str = "报告人";
/// Who a step is by when routing dispatched a new report.
pub const ROUTING: &str = "智能分拨";

/// A message about an event for the outbox; one for the in-app inbox is
/// delivered by being written.
pub(super) fn message(
    e: &EventRow,
    channel: &str,
    recipient: String,
    subject: String,
    body: String,
    now: DateTime<Utc>,
) -> Notification {
    Notification {
        community_id: e.community_id.clone(),
        id: Uuid::now_v7(),
        channel: channel.into(),
        recipient,
        subject,
        body,
        event_id: Some(e.id),
        created_at: now,
        sent_at: (channel == "inbox").then_some(now),
    }
}

/// Where the reporter hears of their event: their inbox when signed in,
/// else SMS to the phone or mail to the address they left.
pub(super) fn reporter_address(row: &EventRow) -> Option<(&'static str, String)> {
    match (row.reporter_account, &row.reporter_phone_sealed, &row.reporter_email_sealed) {
        (Some(account), _, _) => Some(("inbox", format!("account:{account}"))),
        (None, Some(_), _) => Some(("sms", format!("reporter:{}", row.code))),
        (None, None, Some(_)) => Some(("email", format!("reporter:{}", row.code))),
        (None, None, None) => None,
    }
}

/// Whether the user may move this event on: staff who work its grid (or,
/// without one, its community). The event page offers actions only to them.
pub fn may_act(user: &User, row: &EventRow) -> bool {
    works(user, row.grid_code.as_deref().unwrap_or(&row.community_id))
}

/// What a member of the unit an event went to (or the person it is
/// assigned to outside the community's staff) may do: start, feed back,
/// hand it back.
pub const UNIT_ACTIONS: [&str; 3] = ["start", "feedback", "return"];

/// What only the unit an event went to does with it (staff do not start or
/// report another organisation's work).
const UNIT_OWN: [&str; 3] = ["start", "feedback", "assign"];

impl App {
    /// Whether the user is a dispatcher of the unit the event went to, and
    /// so gives it to the unit's people.
    async fn dispatches(&self, user: &User, row: &EventRow) -> Result<bool> {
        let Some(unit) = row.unit_id else { return Ok(false) };
        Ok(self
            .my_units(user)
            .await?
            .iter()
            .any(|m| m.unit_id == unit && m.role == crate::app::events::unit::UnitRole::Dispatcher.as_str()))
    }

    /// Checks an 分派's person: one of the unit's (or, without a unit, of the
    /// place's workers); their name for the timeline.
    async fn assignee_of(&self, row: &EventRow, to: &Target) -> Result<(Uuid, String)> {
        let who = to.assignee.ok_or_else(|| Error::invalid("assignee", Reason::NotOfUnit))?;
        let targets = self.targets(row).await?;
        let name = match row.unit_id {
            Some(u) => targets.members.into_iter().find(|m| m.0 == u && m.1 == who).map(|m| m.2),
            None => targets.workers.into_iter().find(|w| w.0 == who).map(|w| w.1),
        };
        name.map(|n| (who, n)).ok_or_else(|| Error::invalid("assignee", Reason::NotOfUnit))
    }
}

/// A character no reader should be handed: controls other than line
/// breaks and tabs, and the marks that turn text's direction around.
pub(super) fn unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The grid workers and staff whom an event can be assigned to without a unit.
const PLACE_WORKERS: [&str; 3] = ["grid_worker", "community_staff", "community_head"];

/// What a handler unit sees of an event: what the reporter may see, and
/// the place; no one's name or phone, no internal notes.
fn as_unit_sees(view: &mut EventView) {
    view.for_unit = true;
    view.steps.retain(|s| s.public);
    for s in &mut view.steps {
        if !Action::note_is_public(&s.action) {
            s.note = None;
        }
        // Who reported it is not the unit's to know (the step names them).
        if s.action == "report" {
            s.actor = REPORTER.into();
        }
    }
    let steps: Vec<Uuid> = view.steps.iter().map(|s| s.id).collect();
    view.photos.retain(|p| p.step_id.is_none_or(|step| steps.contains(&step)));
    view.row.reporter_name = String::new();
    view.row.reporter_phone_sealed = None;
    view.row.reporter_email_sealed = None;
    view.reporter_phone = None;
    view.possible_duplicates.clear();
}

/// The form field a refused action is about.
fn field_of(action: &Action, refused: &Refused) -> &'static str {
    match (refused, action) {
        (Refused::NotNow { .. }, _) => "action",
        (Refused::BadDeadline, _) => "hours",
        (Refused::NoReason, Action::MarkDuplicate { .. }) => "of",
        (Refused::NoReason, _) => "reason",
    }
}

/// Whether the action's own text is the note (a reason, what was done).
fn action_carries_text(action: &Action) -> bool {
    matches!(
        action,
        Action::Reject { .. }
            | Action::Return { .. }
            | Action::Fail { .. }
            | Action::Reopen { .. }
            | Action::Transfer { .. }
            | Action::Feedback { .. }
    )
}

impl App {
    /// 标为重复: the code must name another event of the same community
    /// that is not itself closed as a duplicate (point to the original).
    async fn check_original(&self, e: &EventRow, of: &str) -> Result<()> {
        let code = of.trim().to_ascii_uppercase();
        let original =
            if code.len() > 32 { None } else { linli_store::events::event::by_code(self.db(), &code).await? };
        let Some(original) = original.filter(|o| o.community_id == e.community_id) else {
            return Err(Error::invalid("of", Reason::NoSuchOriginal { code: code.chars().take(32).collect() }));
        };
        if original.id == e.id {
            return Err(Error::invalid("of", Reason::DuplicateOfItself));
        }
        if original.state == State::Duplicate.as_str() {
            return Err(Error::invalid("of", Reason::DuplicateOfDuplicate { code: original.code }));
        }
        Ok(())
    }

    /// The ids of the units the user belongs to.
    pub(crate) async fn my_unit_ids(&self, user: &User) -> Result<Vec<Uuid>> {
        Ok(self.my_units(user).await?.into_iter().map(|m| m.unit_id).collect())
    }

    /// An event with its timeline; `NotFound` outside the user's scope. A
    /// member of the unit it went to (or a person it is assigned to) sees
    /// it as the unit does: its public parts and the address.
    pub async fn event(&self, user: &User, id: Uuid) -> Result<EventView> {
        let (row, for_unit) = match linli_store::events::event::in_scope_by_id(self.db(), &read_scope(user), id).await?
        {
            Some(row) => (row, false),
            None => {
                let units = self.my_unit_ids(user).await?;
                let row = linli_store::events::event::tasked_by_id(self.db(), user.account.row.id, &units, id)
                    .await?
                    .ok_or(Error::NotFound("event"))?;
                (row, true)
            }
        };
        let steps = linli_store::events::timeline::steps(self.db(), &row.community_id, id).await?;
        let state = State::parse(&row.state).ok_or_else(|| Error::unknown_state(&row.state))?;
        let kind = self.category(&row.category_code).await?;
        let category = kind.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        let attributes = named_values(&row, kind.as_ref().map_or(&[][..], |c| &c.fields));
        let default_handler = kind.map(|c| handler_zh(&c.handler).to_owned()).unwrap_or_else(|| "社区工作人员".into());
        let possible_duplicates = if matches!(state, State::Reported | State::Accepted) && !for_unit {
            self.possible_duplicates(&row).await?
        } else {
            Vec::new()
        };
        let photos = linli_store::events::photo::photos(self.db(), &row.community_id, id).await?;
        let actions = if may_act(user, &row) {
            // Sent to a unit, its work is the unit's to start, report and
            // give out; the community checks it, passes it on or takes it back.
            let unit_work = row.unit_id.is_some() && !self.dispatches(user, &row).await?;
            crate::domain::events::event::possible(state)
                .into_iter()
                .filter(|a| !(unit_work && UNIT_OWN.contains(a)))
                .collect()
        } else if for_unit {
            let dispatcher = self.dispatches(user, &row).await?;
            crate::domain::events::event::possible(state)
                .into_iter()
                .filter(|a| UNIT_ACTIONS.contains(a) || (*a == "assign" && dispatcher))
                .collect()
        } else {
            Vec::new()
        };
        let building = match row.building_id {
            Some(b) => linli_store::registry::building::building_card(self.db(), &row.community_id, b)
                .await?
                .map(|c| (c.id, c.name)),
            None => None,
        };
        let reporter_phone = row
            .reporter_phone_sealed
            .as_deref()
            .and_then(|s| self.open_sealed(s))
            .map(|p| Phone::parse(&p).map_or_else(|_| "***".to_owned(), |p| p.masked()));
        let unit_name = |id: Option<Uuid>| async move {
            match id {
                Some(id) => linli_store::events::unit::unit(self.db(), id).await.map(|u| u.map(|u| (u.id, u.name))),
                None => Ok(None),
            }
        };
        let unit = unit_name(row.unit_id).await?.map(|u| u.1);
        let assignee = match row.assignee_id {
            Some(a) => linli_store::access::account::get(self.db(), a).await?.map(|a| a.display_name),
            None => None,
        };
        let suggested_unit = if matches!(state, State::Reported | State::Accepted) && !for_unit {
            unit_name(row.suggested_unit_id).await?
        } else {
            None
        };
        let mut view = EventView {
            row,
            state,
            category,
            steps: Vec::new(),
            possible_duplicates,
            photos: Vec::new(),
            default_handler,
            actions,
            building,
            reporter_phone,
            for_unit,
            unit,
            assignee,
            suggested_unit,
            attributes,
        };
        view.steps = steps;
        view.photos = photos;
        if for_unit {
            as_unit_sees(&mut view);
        }
        Ok(view)
    }

    /// An event as the workflow needs it, for a step no signed-in person
    /// takes (routing, the reporter's link).
    pub(super) async fn bare_view(&self, row: EventRow) -> Result<EventView> {
        let steps = linli_store::events::timeline::steps(self.db(), &row.community_id, row.id).await?;
        let state = State::parse(&row.state).ok_or_else(|| Error::unknown_state(&row.state))?;
        let kind = self.category(&row.category_code).await?;
        Ok(EventView {
            state,
            category: kind.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            default_handler: kind.map(|c| handler_zh(&c.handler).to_owned()).unwrap_or_else(|| "社区工作人员".into()),
            steps,
            row,
            possible_duplicates: Vec::new(),
            photos: Vec::new(),
            actions: Vec::new(),
            building: None,
            reporter_phone: None,
            for_unit: false,
            unit: None,
            assignee: None,
            suggested_unit: None,
            attributes: Vec::new(),
        })
    }

    /// A step taken by no signed-in person (routing, an operator, the demo),
    /// named on the timeline by the actor's label.
    pub(crate) async fn act_as(
        &self,
        actor: &Actor,
        community: &str,
        id: Uuid,
        action: Action,
        to: &Target,
        typed: Option<&str>,
    ) -> Result<()> {
        let row = linli_store::events::event::by_id(self.db(), community, id).await?.ok_or(Error::NotFound("event"))?;
        let view = self.bare_view(row).await?;
        self.apply_action(view, actor, &actor.name, action, (to, typed), Vec::new()).await
    }

    /// Where staff may send an event (dispatch, transfer).
    pub async fn targets(&self, row: &EventRow) -> Result<Targets> {
        let units = self.units_for(&row.community_id).await?;
        let mut members = Vec::new();
        for u in &units {
            for m in linli_store::events::unit::members(self.db(), u.id).await? {
                if let Some(a) = linli_store::access::account::get(self.db(), m.account_id).await?
                    && !a.disabled
                {
                    members.push((u.id, a.id, a.display_name));
                }
            }
        }
        let place: Vec<&str> =
            [Some(row.community_id.as_str()), row.grid_code.as_deref()].into_iter().flatten().collect();
        let workers = linli_store::access::account::granted_on(self.db(), &PLACE_WORKERS, &place).await?;
        Ok(Targets { units, members, workers })
    }

    /// Checks a dispatch's target and says who it is, in words.
    async fn resolve_target(
        &self,
        row: &EventRow,
        to: &Target,
        default: &str,
    ) -> Result<(Option<Uuid>, Option<Uuid>, String)> {
        // Nobody named: the unit routing suggested, else the category's handler.
        let unit = match (to.unit, to.assignee, to.handler.as_deref().map(str::trim).filter(|h| !h.is_empty())) {
            (None, None, None) => row.suggested_unit_id,
            (unit, _, _) => unit,
        };
        if unit.is_none() && to.assignee.is_none() {
            let words = to.handler.as_deref().map(str::trim).filter(|h| !h.is_empty()).unwrap_or(default);
            return Ok((None, None, words.chars().take(64).collect()));
        }
        let targets = self.targets(row).await?;
        let unit_row = match unit {
            Some(u) => Some(
                targets.units.iter().find(|x| x.id == u).ok_or_else(|| Error::invalid("unit", Reason::NoSuchUnit))?,
            ),
            None => None,
        };
        let known = match (to.assignee, unit) {
            (Some(a), Some(u)) => targets.members.iter().any(|m| m.0 == u && m.1 == a),
            (Some(a), None) => targets.workers.iter().any(|w| w.0 == a),
            (None, _) => true,
        };
        if !known {
            return Err(Error::invalid("assignee", Reason::NotOfUnit));
        }
        // Who handles it, as the reporter and Open311 are told: the unit, or
        // for a person of the community the category's handler — never a
        // person's name (staff see the person assigned beside it).
        let words = unit_row.map_or_else(|| default.to_owned(), |u| u.name.clone());
        Ok((unit, to.assignee, words.chars().take(64).collect()))
    }

    /// The reporter's phone in full, for a 回访 call: for staff who may act
    /// on the event, for a stated reason, written to the audit log.
    pub async fn reveal_reporter_phone(&self, user: &User, ip: &str, id: Uuid, reason: &str) -> Result<EventView> {
        let reason = reason.trim();
        if !(2..=200).contains(&reason.chars().count()) {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let mut view = self.event(user, id).await?;
        if !may_act(user, &view.row) {
            return Err(Error::Forbidden);
        }
        let full = view.row.reporter_phone_sealed.as_deref().and_then(|s| self.open_sealed(s));
        let Some(full) = full else { return Err(Error::NotFound("phone")) };
        let mut tx = self.db().begin().await?;
        let target = format!("{} {}", view.row.code, view.reporter_phone.clone().unwrap_or_default());
        record(&mut tx, &user.actor(ip), "event.view_phone", &target, json!({ "reason": reason, "event": id })).await?;
        tx.commit().await?;
        view.reporter_phone = Some(full);
        Ok(view)
    }

    async fn possible_duplicates(&self, e: &EventRow) -> Result<Vec<(String, Uuid)>> {
        let since = e.created_at - chrono::Duration::days(7);
        let closed: Vec<&str> =
            crate::domain::events::event::ALL.iter().filter(|s| s.open311() == "closed").map(|s| s.as_str()).collect();
        let candidates =
            linli_store::events::event::recent_open(self.db(), &e.community_id, since, &closed, e.id).await?;
        Ok(candidates
            .into_iter()
            .filter(|c| {
                let same_place =
                    c.category_code == e.category_code && c.grid_code.is_some() && c.grid_code == e.grid_code;
                same_place
                    || crate::domain::events::event::similarity(&c.text, &e.text)
                        >= crate::domain::events::event::SIMILAR
            })
            .map(|c| (c.code, c.id))
            .take(10)
            .collect())
    }

    /// The events the user reported while signed in, newest first.
    pub async fn my_reports(&self, user: &User) -> Result<Vec<EventRow>> {
        Ok(linli_store::events::event::by_reporter(self.db(), user.account.row.id, 100).await?)
    }

    /// The tracking code of an event the user reported herself: where her
    /// inbox's link leads when the event's own page is not hers to open.
    pub async fn my_report_code(&self, user: &User, id: Uuid) -> Result<Option<String>> {
        Ok(linli_store::events::event::reported_by(self.db(), user.account.row.id, id).await?.map(|e| e.code))
    }

    /// Dispatches several accepted events to one handler: each is applied
    /// on its own (one refused does not stop the others). Returns, per id,
    /// the tracking code or why it was refused.
    pub async fn dispatch_many(
        &self,
        user: &User,
        ip: &str,
        ids: &[Uuid],
        handler: &str,
        hours: u32,
    ) -> Result<Vec<(Uuid, std::result::Result<String, Reason>)>> {
        if ids.len() > 200 {
            return Err(Error::invalid("ids", Reason::TooManyAtOnce { max: 200 }));
        }
        let mut out = Vec::new();
        for id in ids {
            let to = Target { handler: Some(handler.to_owned()), ..Target::default() };
            let r = self.act_on_event(user, ip, *id, Action::Dispatch { hours }, (&to, None), Vec::new()).await;
            out.push((
                *id,
                match r {
                    Ok(v) => Ok(v.row.code),
                    Err(Error::Invalid { reason, .. }) => Err(reason),
                    Err(Error::NotFound(_)) => Err(Reason::NotFound),
                    Err(Error::Forbidden) => Err(Reason::NotPermitted),
                    Err(e) => return Err(e),
                },
            ));
        }
        Ok(out)
    }

    /// Applies an action to an event: the workflow decides, the timeline and
    /// the audit log record it. Two people acting at once: one wins, the
    /// other is refused with the state it found.
    pub async fn act_on_event(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        action: Action,
        (to, typed): (&Target, Option<&str>),
        photos: Vec<Vec<u8>>,
    ) -> Result<EventView> {
        let view = self.event(user, id).await?;
        if !view.actions.contains(&action.name()) && view.row.unit_id.is_some() && UNIT_OWN.contains(&action.name()) {
            return Err(Error::Forbidden);
        }
        let as_unit = view.for_unit
            && (UNIT_ACTIONS.contains(&action.name())
                || (matches!(action, Action::Assign) && self.dispatches(user, &view.row).await?));
        if !may_act(user, &view.row) && !as_unit {
            return Err(Error::Forbidden);
        }
        let actor = user.actor(ip);
        let community = view.row.community_id.clone();
        self.apply_action(view, &actor, &actor.name, action, (to, typed), photos).await?;
        match self.event(user, id).await {
            // Handed back: no longer the unit's, but it sees where it left it.
            Err(Error::NotFound(_)) if as_unit => {
                let row = linli_store::events::event::by_id(self.db(), &community, id)
                    .await?
                    .ok_or(Error::NotFound("event"))?;
                let mut view = self.bare_view(row).await?;
                as_unit_sees(&mut view);
                Ok(view)
            }
            other => other,
        }
    }

    /// Applies an action the caller was allowed to take (by a person, or
    /// by routing for a new report): the workflow decides, the timeline,
    /// the messages and the audit log record it, in one transaction.
    pub(super) async fn apply_action(
        &self,
        view: EventView,
        actor: &Actor,
        label: &str,
        action: Action,
        (to, typed): (&Target, Option<&str>),
        photos: Vec<Vec<u8>>,
    ) -> Result<()> {
        let id = view.row.id;
        let step = apply(view.state, &action).map_err(|e| match (&action, e) {
            (Action::MarkDuplicate { .. }, Refused::NoReason) => {
                Error::invalid("of", Reason::NoSuchOriginal { code: String::new() })
            }
            (_, e) => Error::invalid(field_of(&action, &e), Reason::Event(e)),
        })?;
        if let Action::MarkDuplicate { of } = &action {
            self.check_original(&view.row, of).await?;
        }
        let photos = self.clean_photos(photos).await?;
        let now = Utc::now();
        let mut row = view.row.clone();
        row.state = step.next.as_str().into();
        row.updated_at = now;
        if step.rework {
            row.rework += 1;
        }
        if let Some(hours) = step.new_deadline {
            // Without a name, the unit routing suggested or the category's
            // own handler takes it (安全隐患 → 社区警务室).
            let (unit, assignee, words) = self.resolve_target(&row, to, &view.default_handler).await?;
            row.unit_id = unit;
            row.assignee_id = assignee;
            row.handler = Some(words);
            row.deadline_from = Some(now);
            row.deadline_hours = Some(i64::from(hours));
        }
        let assigned = match action {
            Action::Assign => {
                let (who, name) = self.assignee_of(&row, to).await?;
                row.assignee_id = Some(who);
                Some(name)
            }
            _ => None,
        };
        // Handed back: the community dispatches it again, to someone else.
        if let Action::Return { .. } = action {
            row.unit_id = None;
            row.assignee_id = None;
        }
        // Closed: the reporter gets a one-time link to say how it went.
        let rating_token = (step.next == State::Closed && reporter_address(&row).is_some())
            .then(crate::app::system::keys::random_token);
        row.rating_token_hash = rating_token.as_deref().map(crate::app::system::keys::sha256_hex);
        if let Action::Visit(_) = action {
            row.rating_source = Some(if label == REPORTER { "reporter" } else { "staff" }.into());
        }
        // Feedback after the running deadline makes the event late for good.
        if let (Action::Feedback { .. }, Some(from), Some(hours)) = (&action, row.deadline_from, row.deadline_hours)
            && now > from + chrono::Duration::hours(hours)
        {
            row.late = true;
        }
        if !step.next.on_the_clock() && step.next != State::Resolved {
            row.deadline_from = None;
        }
        row.closed_at = match step.next {
            State::Closed => Some(now),
            State::Visited(_) => row.closed_at,
            _ => None,
        };
        let note = match &action {
            Action::Reject { reason }
            | Action::Return { reason }
            | Action::Fail { reason }
            | Action::Reopen { reason }
            | Action::Transfer { reason, .. } => Some(reason.trim().to_owned()),
            Action::Feedback { note } => Some(note.trim().to_owned()),
            Action::MarkDuplicate { of } => Some(format!("同 {}", of.trim().to_ascii_uppercase())),
            Action::Dispatch { hours } => Some(format!("{}，{hours} 小时内", row.handler.clone().unwrap_or_default())),
            Action::Assign => assigned.as_ref().map(|n| format!("分派给 {n}")),
            _ => None,
        };
        // What staff typed with a step that carries no text of its own
        // (派遣, 回访, 受理 …) is kept with it, public or internal as the step is.
        let typed = typed.map(str::trim).filter(|t| !t.is_empty()).map(|t| t.chars().take(500).collect::<String>());
        let note = match (note, typed) {
            (Some(n), Some(t)) if !action_carries_text(&action) => Some(format!("{n}。{t}")),
            (None, Some(t)) => Some(t),
            (n, _) => n,
        };
        let mut tx = self.db().begin().await?;
        if !linli_store::events::event::update_state(&mut tx, &row, view.state.as_str()).await? {
            return Err(Error::invalid("action", Reason::EventChangedMeanwhile));
        }
        let entry = StepRow {
            community_id: row.community_id.clone(),
            id: Uuid::now_v7(),
            event_id: id,
            at: now,
            actor: label.to_owned(),
            action: action.name().into(),
            from_state: Some(view.state.as_str().into()),
            to_state: row.state.clone(),
            note: note.clone(),
            public: step.public,
            took_secs: view
                .steps
                .iter()
                .rev()
                .find(|s| !s.action.starts_with("alert_"))
                .map(|s| (now - s.at).num_seconds()),
        };
        linli_store::events::timeline::add_step(&mut tx, &entry).await?;
        // The reporter hears of each public step (by SMS when they left a
        // phone, in their inbox when signed in); a new handler of dispatch.
        let mut notes = Vec::new();
        if step.public
            && let Some((channel, to)) = reporter_address(&row)
        {
            let mut text = format!("您反映的问题（查询码 {}）：{}", row.code, step.next.zh());
            if let Some(token) = &rating_token {
                let link = self.link(&format!("/track/{}/rate?t={token}", row.code));
                text += &format!("。请评价处理结果：{link}");
            }
            notes.push((channel, to, text));
        }
        if step.new_deadline.is_some() {
            // The unit's members read it in their inbox; a person named, in theirs.
            let to = match (row.assignee_id, row.unit_id) {
                (Some(a), _) => format!("account:{a}"),
                (None, Some(u)) => format!("unit:{u}"),
                (None, None) => format!("handler:{}", row.handler.clone().unwrap_or_default()),
            };
            let text = format!("新派诉求 {}：{}（{} 小时内办结）", row.code, row.text, row.deadline_hours.unwrap_or(0));
            notes.push(("inbox", to, text));
        }
        // Back to work (核查不通过, or the reporter unsatisfied): whoever has
        // it hears why, and the community's staff that it came back.
        if step.rework {
            let why = note.clone().unwrap_or_default();
            let text = format!("诉求 {} 需返工：{why}", row.code);
            let handler = match (row.assignee_id, row.unit_id) {
                (Some(a), _) => Some(format!("account:{a}")),
                (None, Some(u)) => Some(format!("unit:{u}")),
                (None, None) => None,
            };
            if let Some(to) = handler {
                notes.push(("inbox", to, text.clone()));
            }
            if matches!(action, Action::Reopen { .. }) {
                notes.push(("inbox", format!("role:community_staff@{}", row.community_id), text));
            }
        }
        if let (Action::Assign, Some(who)) = (&action, row.assignee_id) {
            let text = format!("分派给您的诉求 {}：{}", row.code, row.text);
            notes.push(("inbox", format!("account:{who}"), text));
        }
        for (channel, recipient, body) in notes {
            linli_store::notify::outbox::notify(
                &mut tx,
                &message(&row, channel, recipient, format!("诉求 {}", row.code), body, now),
            )
            .await?;
        }
        let detail = json!({
            "from": view.state.as_str(), "to": row.state, "note": note, "rework": step.rework, "photos": photos.len()
        });
        record(&mut tx, actor, &format!("event.{}", action.name()), &row.code, detail).await?;
        let (rows, files) = self.write_photos(&entry, photos).await?;
        linli_store::events::photo::add_photos(&mut tx, &rows).await?;
        if let Err(e) = tx.commit().await {
            forget_files(&files).await;
            return Err(e.into());
        }
        Ok(())
    }
}
