//! Service applications (便民服务): a resident applies, or staff apply on
//! their behalf (代办, with their consent noted); staff move it through the
//! item's steps; anyone with the query code and the phone follows it.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use linli_store::notify::outbox::Notification;
use linli_store::services::photo::APPLICATIONS;
use linli_store::services::service::{self as store, ApplicationRow, StepRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::photo::forget_files;
use crate::app::refusal::Reason;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::registry::phone::Phone;
use std::sync::Arc;

use crate::domain::access::role::Role;
use crate::domain::registry::region::CommunityCode;
use crate::domain::services::service::{Action, CATALOGUE, Item, Level, State, apply};

/// An application as a channel hands it in.
#[derive(Debug, Clone, Default)]
pub struct NewApplication {
    /// Catalogue item code.
    pub item: String,
    /// Community (none for 代办 for a registered `person`: theirs).
    pub community: Option<CommunityCode>,
    /// Applicant's name.
    pub name: String,
    /// Applicant's phone (the query code is followed with it).
    pub phone: String,
    /// For 代办: how the resident agreed (当面同意, 电话同意 …).
    pub consent: Option<String>,
    /// The item's fields.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// For 代办 at the counter: the resident found in the registry (their
    /// name, community and, when no phone is given, phone are taken from it).
    pub person: Option<Uuid>,
    /// Photos of the materials, as uploaded.
    pub photos: Vec<Vec<u8>>,
}

/// An application with its timeline.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    /// The application.
    pub row: ApplicationRow,
    /// Its item.
    pub item: Item,
    /// The item's steps when it was applied for.
    pub item_steps: Vec<String>,
    /// Its state.
    pub state: State,
    /// Where it stands, in Chinese.
    pub state_zh: String,
    /// Every step, oldest first.
    pub steps: Vec<StepRow>,
    /// Photos of its materials.
    pub photos: Vec<linli_store::services::photo::PhotoRow>,
    /// The item's fields as the applicant filled them ((field, value), in
    /// the item's order; fields of an older item version after them).
    pub filled: Vec<(String, String)>,
    /// What the viewer may do now: the workflow's [`Self::possible_actions`]
    /// that belong to the viewer's level (empty for those who only read).
    pub actions: Vec<&'static str>,
    /// Some number in `filled` is shown by its last four: who takes the
    /// next step may ask for it in full, saying why (audited).
    pub masked: bool,
}

/// Appends a step and tells the applicant by SMS.
async fn service_step(
    tx: &mut linli_store::Tx,
    (row, item): (&ApplicationRow, &str),
    action: &str,
    label: &str,
    note: Option<String>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let step = StepRow {
        community_id: row.community_id.clone(),
        id: Uuid::now_v7(),
        application_id: row.id,
        at: now,
        actor: actor.into(),
        action: action.into(),
        label: label.into(),
        note: note.clone(),
    };
    store::add_step(tx, &step).await?;
    let extra = note.map(|n| format!("（{n}）")).unwrap_or_default();
    let n = Notification {
        community_id: row.community_id.clone(),
        id: Uuid::now_v7(),
        channel: "sms".into(),
        recipient: format!("applicant:{}", row.code),
        subject: format!("办事 {}", row.code),
        body: format!("您的“{item}”：{label}{extra}。查询码 {}。", row.code),
        event_id: None,
        created_at: now,
        sent_at: None,
    };
    linli_store::notify::outbox::notify(tx, &n).await?;
    Ok(())
}

/// `days` working days after `from` (weekends skipped; holidays are not known).
pub fn working_days_after(from: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let mut at = from;
    let mut left = days;
    while left > 0 {
        at += Duration::days(1);
        if !matches!(crate::domain::time::day(at).weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    at
}

/// Where an application stands, in the applicant's words.
pub fn state_zh(state: State, steps: &[String]) -> String {
    match state {
        State::Submitted => "已提交，待受理".into(),
        State::Returned => "退回补正".into(),
        State::Step(i) => format!("办理中：{}", steps.get(usize::from(i)).map_or("审核", String::as_str)),
        State::Approved => "办结：准予".into(),
        State::Refused => "办结：不予".into(),
        State::Delivered => "已送达/领取".into(),
    }
}

/// Applications of one item in a scope, by state.
#[derive(Debug, Clone)]
pub struct ItemTally {
    /// The item.
    pub item: Item,
    /// (stored state, count).
    pub by_state: Vec<(String, i64)>,
    /// All of them.
    pub total: i64,
    /// In a step past the promised date.
    pub overdue: i64,
}

impl ItemTally {
    /// The count at a stored state.
    pub fn at(&self, state: &str) -> i64 {
        self.by_state.iter().find(|(s, _)| s == state).map_or(0, |(_, n)| *n)
    }
}

/// The communities a user's scope touches (a grid worker's: their grid's
/// community), for what is kept per community.
pub(crate) fn community_scope(user: &User) -> Vec<String> {
    crate::app::registry::household::read_scope(user).into_iter().map(|p| p.chars().take(12).collect()).collect()
}

/// Whether the user works applications of this community at this level:
/// the community's staff or head, the street admin over it, the district
/// admin over it.
pub fn may_at_level(user: &User, community: &str, level: Level) -> bool {
    let roles: &[Role] = match level {
        Level::Community => &[Role::CommunityStaff, Role::CommunityHead],
        Level::Street => &[Role::StreetAdmin],
        Level::District => &[Role::DistrictAdmin],
    };
    roles.iter().any(|r| user.account.has_role_over(*r, community))
}

impl ApplicationView {
    /// The actions the workflow allows now, by name.
    pub fn possible_actions(&self) -> Vec<&'static str> {
        ["accept", "return", "resubmit", "pass", "approve", "refuse", "deliver"]
            .into_iter()
            .filter(|name| {
                let probe = Action::parse(name, vec!["材料".into()], "理由说明".into()).expect("known action");
                apply(self.state, &probe, self.item_steps.len()).is_ok()
            })
            .collect()
    }

    /// Time left against the promised date, while it is being worked on.
    pub fn time_left(&self) -> Option<String> {
        match (self.state, self.row.due_at) {
            (State::Step(_), Some(due)) => Some(time_left(due, Utc::now())),
            _ => None,
        }
    }
}

impl App {
    fn view_of(catalogue: &[Item], row: ApplicationRow, steps: Vec<StepRow>) -> Result<ApplicationView> {
        let item = catalogue
            .iter()
            .find(|i| i.code == row.item_code)
            .cloned()
            .ok_or_else(|| Error::invalid("item", Reason::UnknownItem { code: row.item_code.clone() }))?;
        let item_steps = row
            .steps
            .as_deref()
            .and_then(|j| serde_json::from_str::<Vec<String>>(j).ok())
            .unwrap_or_else(|| item.steps.clone());
        let state = State::parse(&row.state, row.step).ok_or_else(|| Error::unknown_state(&row.state))?;
        let given: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&row.fields).unwrap_or_default();
        let mut filled: Vec<(String, String)> = item
            .fields
            .iter()
            .filter_map(|f| given.get(f).and_then(|v| v.as_str()).map(|v| (f.clone(), v.to_owned())))
            .collect();
        for (k, v) in &given {
            if !item.fields.contains(k)
                && let Some(v) = v.as_str()
            {
                filled.push((k.clone(), v.to_owned()));
            }
        }
        // Account and card numbers are shown by their last four only: the
        // page is read by every staff member of the place, on screens others see.
        let mut masked = false;
        for (name, value) in &mut filled {
            if secret_field(name) {
                *value = masked_number(value);
                masked = true;
            }
        }
        Ok(ApplicationView {
            masked,
            filled,
            actions: Vec::new(),
            state_zh: state_zh(state, &item_steps),
            row,
            item,
            item_steps,
            state,
            steps,
            photos: Vec::new(),
        })
    }

    /// An application with its steps and photos.
    async fn full_view(&self, row: ApplicationRow) -> Result<ApplicationView> {
        let steps = store::steps(self.db(), &row.community_id, row.id).await?;
        let photos = APPLICATIONS.of(self.db(), &row.community_id, &[row.id]).await?;
        let catalogue = self.catalogue().await?;
        Ok(ApplicationView { photos, ..Self::view_of(&catalogue, row, steps)? })
    }

    /// The catalogue, every item (retired ones too), by code; kept for a
    /// short while. A database without one gets the shipped defaults.
    pub async fn catalogue(&self) -> Result<Arc<Vec<Item>>> {
        if let Some((at, items)) = &self.cache().catalogue
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(items.clone());
        }
        let mut rows = store::items(self.db()).await?;
        if rows.is_empty() {
            let mut tx = self.db().begin().await?;
            let defaults: Vec<_> = CATALOGUE.iter().map(|s| item_row(&Item::from(s))).collect();
            store::put_items(&mut tx, &defaults, false).await?;
            tx.commit().await?;
            rows = store::items(self.db()).await?;
        }
        let items = Arc::new(rows.into_iter().map(item_of).collect::<Vec<_>>());
        self.cache().catalogue = Some((std::time::Instant::now(), items.clone()));
        Ok(items)
    }

    /// An item of the catalogue, offered or retired.
    pub async fn service_item(&self, code: &str) -> Result<Option<Item>> {
        Ok(self.catalogue().await?.iter().find(|i| i.code == code.trim()).cloned())
    }

    /// Adds an item or changes one (system and district admins); the
    /// applications already made keep the steps they were made with.
    pub async fn save_service_item(&self, user: &User, ip: &str, item: Item) -> Result<Item> {
        if !crate::app::events::category::may_edit(user) {
            return Err(Error::Forbidden);
        }
        let item = item.checked().map_err(|e| Error::invalid(e.field, Reason::Item(e)))?;
        let before = self.service_item(&item.code).await?;
        let mut tx = self.db().begin().await?;
        store::put_items(&mut tx, &[item_row(&item)], true).await?;
        let detail = json!({ "new": before.is_none(), "name": item.name, "steps": item.steps, "fields": item.fields,
            "days": item.days, "active": item.active });
        record(&mut tx, &user.actor(ip), "service_item.save", &item.code, detail).await?;
        tx.commit().await?;
        self.cache().catalogue = None;
        Ok(item)
    }

    /// Takes an application in: the resident's own, or staff's on their
    /// behalf (代办). Returns its id and query code.
    pub async fn apply_for_service(&self, user: &User, ip: &str, a: NewApplication) -> Result<(Uuid, String)> {
        let item = self
            .service_item(&a.item)
            .await?
            .filter(|i| i.active)
            .ok_or_else(|| Error::invalid("item", Reason::NoSuchItem))?;
        let proxy = user.account.is_staff();
        let consent = a.consent.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        if proxy {
            if !item.proxy {
                return Err(Error::invalid("item", Reason::InPersonOnly));
            }
            if consent.is_none() {
                return Err(Error::invalid("consent", Reason::ConsentNeeded));
            }
        }
        // At the counter the resident comes from the registry; a resident
        // applying for herself is matched to her own record by name.
        // A grid worker at the door applies for the people of her grid.
        let mut their_grid = None;
        let from_registry = match a.person {
            Some(id) if proxy => {
                let hit = linli_store::registry::search::in_scope_by_id(
                    self.db(),
                    &crate::app::registry::household::read_scope(user),
                    id,
                )
                .await?
                .ok_or(Error::NotFound("person"))?;
                their_grid = Some(hit.place.grid_code);
                Some(hit.person)
            }
            Some(_) => return Err(Error::Forbidden),
            None if !proxy => {
                let mine = linli_store::access::resident::linked_people(self.db(), user.account.row.id).await?;
                mine.into_iter().find(|p| p.name == a.name.trim())
            }
            None => None,
        };
        let name = match (&from_registry, proxy) {
            (Some(p), true) => p.name.clone(),
            _ => a.name.trim().to_owned(),
        };
        if name.is_empty() || name.chars().count() > 32 {
            return Err(Error::invalid("name", Reason::ApplicantName));
        }
        let registered_phone =
            from_registry.as_ref().and_then(|p| p.phone_sealed.as_deref()).and_then(|s| self.open_sealed(s));
        let given = Some(a.phone.trim()).filter(|p| !p.is_empty()).map(str::to_owned);
        let phone = given
            .or(if proxy { registered_phone } else { None })
            .ok_or_else(|| Error::invalid("phone", Reason::ApplicantPhone))?;
        let phone = Phone::parse(&phone).map_err(|_| Error::invalid("phone", Reason::Mobile))?;
        let community_code = match (&from_registry, proxy) {
            (Some(p), true) => p.community_id.clone(),
            _ => a.community.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        };
        if proxy && !works(user, their_grid.as_deref().unwrap_or(&community_code)) {
            return Err(Error::Forbidden);
        }
        let community = linli_store::registry::region::get(self.db(), &community_code)
            .await?
            .filter(|c| c.level == linli_store::registry::region::Level::Community)
            .ok_or_else(|| Error::invalid("community", Reason::ChooseCommunity))?;
        if let Some(extra) = a.fields.keys().find(|k| !item.fields.contains(k)) {
            return Err(Error::invalid("fields", Reason::NoSuchFormField { name: extra.to_string() }));
        }
        for f in &item.fields {
            let filled = a.fields.get(f).and_then(|v| v.as_str()).is_some_and(|v| !v.trim().is_empty());
            if !filled {
                return Err(Error::invalid("fields", Reason::FillIn { name: f.to_string() }));
            }
        }
        let now = Utc::now();
        let id = Uuid::now_v7();
        let code = format!("S{}", &Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase());
        let row = ApplicationRow {
            community_id: community.code.clone(),
            id,
            code: code.clone(),
            item_code: item.code.clone(),
            person_id: from_registry.as_ref().map(|p| p.id),
            applicant_name: name.clone(),
            phone_sealed: self.keys().seal(phone.as_str()),
            proxy,
            consent: consent.clone(),
            state: State::Submitted.as_str().into(),
            step: 0,
            fields: serde_json::Value::Object(a.fields).to_string(),
            created_by: user.account.login_label(),
            created_at: now,
            updated_at: now,
            due_at: None,
            account_id: (!proxy).then_some(user.account.row.id),
            steps: Some(serde_json::to_string(&item.steps).expect("strings serialise")),
        };
        let label = if proxy { "工作人员代办提交" } else { "提交" };
        let photos = self.clean_photos(a.photos).await?;
        let (photos, files) = self.write_owned_photos(&row.community_id, id, &photos, now).await?;
        let written = async {
            let mut tx = self.db().begin().await?;
            store::insert(&mut tx, &row).await?;
            let actor = user.account.shown_name();
            service_step(&mut tx, (&row, &item.name), "submit", label, consent.clone(), &actor, now).await?;
            APPLICATIONS.add(&mut tx, &photos).await?;
            let detail = json!({ "item": item.code, "proxy": proxy, "consent": consent, "person": row.person_id,
                "photos": photos.len() });
            record(&mut tx, &user.actor(ip), "service.apply", &code, detail).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        };
        if let Err(e) = written.await {
            forget_files(&files).await;
            return Err(e);
        }
        Ok((id, code))
    }

    /// An application in the user's scope (a grid worker's: of people living
    /// in their grids); `NotFound` outside it.
    pub async fn application(&self, user: &User, id: Uuid) -> Result<ApplicationView> {
        let row = store::by_id_under(self.db(), &crate::app::registry::household::read_scope(user), id)
            .await?
            .ok_or(Error::NotFound("application"))?;
        let mut view = self.full_view(row).await?;
        view.actions = view
            .possible_actions()
            .into_iter()
            .filter(|name| {
                let probe = Action::parse(name, vec!["材料".into()], "理由说明".into()).expect("known action");
                may_at_level(user, &view.row.community_id, Level::of_action(view.state, &probe, &view.item_steps))
            })
            .collect();
        Ok(view)
    }

    /// An application with its bank card and account numbers in full, for
    /// whoever takes its next step (paying a subsidy out needs them), for a
    /// stated reason, audited.
    pub async fn reveal_application_numbers(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        reason: &str,
    ) -> Result<ApplicationView> {
        let reason = reason.trim();
        if !(2..=200).contains(&reason.chars().count()) {
            return Err(Error::invalid("reason", Reason::SayWhy));
        }
        let mut view = self.application(user, id).await?;
        if view.actions.is_empty() || !view.masked {
            return Err(Error::Forbidden);
        }
        let given: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&view.row.fields).unwrap_or_default();
        let mut shown = Vec::new();
        for (name, value) in &mut view.filled {
            if secret_field(name)
                && let Some(full) = given.get(name.as_str()).and_then(|v| v.as_str())
            {
                *value = full.to_owned();
                shown.push(name.clone());
            }
        }
        view.masked = false;
        let mut tx = self.db().begin().await?;
        let detail = json!({ "reason": reason, "application": id, "fields": shown });
        record(&mut tx, &user.actor(ip), "application.view_numbers", &view.row.code, detail).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Applications in the user's scope, as filtered, newest first (at most
    /// 200).
    pub async fn applications(&self, user: &User, filter: &store::Filter) -> Result<Vec<ApplicationRow>> {
        Ok(store::list(self.db(), &crate::app::registry::household::read_scope(user), filter, 200).await?)
    }

    /// The open applications in scope whose next step is the user's to
    /// take (受理 for the community, each step for its level), newest first
    /// (at most 200 looked at); `None` for those who take no step.
    pub async fn applications_waiting_list(&self, user: &User) -> Result<Option<Vec<ApplicationRow>>> {
        let scope = crate::app::registry::household::read_scope(user);
        let levels = [Level::Community, Level::Street, Level::District];
        if !levels.iter().any(|l| user.account.grants.iter().any(|(_, c)| may_at_level(user, c, *l))) {
            return Ok(None);
        }
        let catalogue = self.catalogue().await?;
        let mut out = Vec::new();
        for state in ["submitted", "in_step"] {
            let filter = store::Filter { state: Some(state.into()), ..Default::default() };
            for row in store::list(self.db(), &scope, &filter, 200).await? {
                let Ok(view) = Self::view_of(&catalogue, row, Vec::new()) else { continue };
                let next = if view.state == State::Submitted { Action::Accept } else { Action::Pass };
                if may_at_level(user, &view.row.community_id, Level::of_action(view.state, &next, &view.item_steps)) {
                    out.push(view.row);
                }
            }
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.id));
        Ok(Some(out))
    }

    /// How many applications wait for the user's step (see
    /// [`Self::applications_waiting_list`]).
    pub async fn applications_waiting(&self, user: &User) -> Result<Option<i64>> {
        Ok(self.applications_waiting_list(user).await?.map(|l| i64::try_from(l.len()).unwrap_or(i64::MAX)))
    }

    /// How many applications of the user's communities are at each state,
    /// by item, and how many are past their promised date.
    pub async fn application_tally(&self, user: &User, now: DateTime<Utc>) -> Result<Vec<ItemTally>> {
        let mut out: Vec<ItemTally> = Vec::new();
        let catalogue = self.catalogue().await?;
        for (code, state, n, overdue) in
            store::tally(self.db(), &crate::app::registry::household::read_scope(user), now).await?
        {
            let Some(item) = catalogue.iter().find(|i| i.code == code).cloned() else { continue };
            let pos = match out.iter().position(|t| t.item.code == item.code) {
                Some(p) => p,
                None => {
                    out.push(ItemTally { item, by_state: Vec::new(), total: 0, overdue: 0 });
                    out.len() - 1
                }
            };
            let t = &mut out[pos];
            t.by_state.push((state, n));
            t.total += n;
            t.overdue += overdue;
        }
        out.sort_by(|a, b| a.item.code.cmp(&b.item.code));
        Ok(out)
    }

    /// Moves an application on; the applicant hears of each step.
    /// Photos of materials may come with any step (补正 hands in what was missing).
    pub async fn act_on_application(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        (action, typed): (Action, Option<&str>),
        photos: Vec<Vec<u8>>,
    ) -> Result<ApplicationView> {
        let view = self.application(user, id).await?;
        let next = apply(view.state, &action, view.item_steps.len())
            .map_err(|e| Error::invalid("action", Reason::Application(e)))?;
        let level = Level::of_action(view.state, &action, &view.item_steps);
        if !may_at_level(user, &view.row.community_id, level) {
            let at = if let State::Step(i) = view.state { usize::from(i) } else { usize::MAX };
            let step = view.item_steps.get(at).cloned().unwrap_or_else(|| "受理".into());
            return Err(Error::invalid("action", Reason::StepOfAnotherLevel { step, level }));
        }
        let now = Utc::now();
        let mut row = view.row.clone();
        row.state = next.as_str().into();
        row.step = if let State::Step(i) = next { i64::from(i) } else { row.step };
        row.updated_at = now;
        if action == Action::Accept {
            row.due_at = Some(working_days_after(now, view.item.days));
        }
        let (label, note) = match &action {
            Action::Accept => ("受理".to_owned(), None),
            Action::Return { missing } => ("退回补正".to_owned(), Some(format!("请补充：{}", missing.join("、")))),
            Action::Resubmit => ("补正后重新提交".to_owned(), None),
            Action::Pass => {
                let at = usize::try_from(view.row.step).unwrap_or(0);
                let done = view.item_steps.get(at).map_or("审核", String::as_str);
                (format!("{done}通过"), None)
            }
            Action::Approve => ("办结：准予".to_owned(), None),
            Action::Refuse { reason } => ("办结：不予".to_owned(), Some(reason.trim().to_owned())),
            Action::Deliver => ("已送达/领取".to_owned(), None),
        };
        // What staff typed with a step (过程说明) is kept with it; the
        // applicant sees every step of an application, so it is public.
        let typed = typed.map(str::trim).filter(|t| !t.is_empty()).map(|t| t.chars().take(500).collect::<String>());
        let note = match (note, typed) {
            (Some(n), Some(t)) if !matches!(action, Action::Refuse { .. }) => Some(format!("{n}。{t}")),
            (None, Some(t)) => Some(t),
            (n, _) => n,
        };
        let photos = self.clean_photos(photos).await?;
        let (photos, files) = self.write_owned_photos(&row.community_id, id, &photos, now).await?;
        let written = async {
            let mut tx = self.db().begin().await?;
            if !store::update_state(&mut tx, &row, (view.row.state.as_str(), view.row.step)).await? {
                return Err(Error::invalid("action", Reason::ApplicationChangedMeanwhile));
            }
            let actor = user.account.shown_name();
            service_step(&mut tx, (&row, &view.item.name), action.name(), &label, note.clone(), &actor, now).await?;
            APPLICATIONS.add(&mut tx, &photos).await?;
            let detail = json!({ "from": view.row.state, "to": row.state, "step": row.step, "note": note, "photos": photos.len() });
            record(&mut tx, &user.actor(ip), &format!("service.{}", action.name()), &row.code, detail).await?;
            tx.commit().await?;
            Ok(())
        };
        if let Err(e) = written.await {
            forget_files(&files).await;
            return Err(e);
        }
        self.application(user, id).await
    }

    /// What anyone with the query code and the phone sees; a wrong phone
    /// finds nothing, as a wrong code does.
    pub async fn track_application(&self, code: &str, phone: &str) -> Result<ApplicationView> {
        let row = store::by_code(self.db(), code.trim().to_ascii_uppercase().as_str())
            .await?
            .ok_or(Error::NotFound("application"))?;
        let given = Phone::parse(phone).map_err(|_| Error::NotFound("application"))?;
        if self.open_sealed(&row.phone_sealed).as_deref() != Some(given.as_str()) {
            return Err(Error::NotFound("application"));
        }
        self.full_view(row).await
    }
}

/// An item's name in a catalogue ("" for an unknown code).
pub fn name_in<'a>(catalogue: &'a [Item], code: &str) -> &'a str {
    catalogue.iter().find(|i| i.code == code).map_or("", |i| i.name.as_str())
}

/// Where a listed application stands, in Chinese (its own steps, or its
/// item's for older rows).
pub fn row_state_zh(catalogue: &[Item], row: &ApplicationRow) -> String {
    App::view_of(catalogue, row.clone(), Vec::new()).map_or_else(|_| row.state.clone(), |v| v.state_zh)
}

/// What is left of the promised time, in the staff's words: working days
/// left, due today, or days late.
pub fn time_left(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if due < now {
        let late = (now - due).num_days();
        return if late == 0 { "已超过承诺时限".into() } else { format!("已超期 {late} 天") };
    }
    let mut days = 0;
    while working_days_after(now, days + 1) <= due {
        days += 1;
    }
    if days == 0 { "今天到期".into() } else { format!("剩余 {days} 个工作日") }
}

/// How far before the promised date staff are warned.
pub const WARN_BEFORE_HOURS: i64 = 24;

impl App {
    /// A resident's own applications (those made signed in), newest first.
    pub async fn my_applications(&self, user: &User) -> Result<Vec<ApplicationView>> {
        let rows = store::of_account(self.db(), user.account.row.id, 100).await?;
        let catalogue = self.catalogue().await?;
        rows.into_iter().map(|r| Self::view_of(&catalogue, r, Vec::new())).collect()
    }

    /// One of a resident's own applications, with its steps.
    pub async fn my_application(&self, user: &User, id: Uuid) -> Result<ApplicationView> {
        let row = store::of_account(self.db(), user.account.row.id, 100)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(Error::NotFound("application"))?;
        self.full_view(row).await
    }

    /// Warns the community's staff a day before an application's promised
    /// date, and its head once the date has passed; each once, even with
    /// two servers. Returns how many warnings were sent.
    pub async fn check_application_deadlines(&self, now: DateTime<Utc>) -> Result<usize> {
        let mut sent = 0;
        let warn_by = now + Duration::hours(WARN_BEFORE_HOURS);
        let catalogue = self.catalogue().await?;
        for (column, by) in [("warned_at", warn_by), ("overdue_at", now)] {
            for row in store::due_before(self.db(), column, by).await? {
                let Some(due) = row.due_at else { continue };
                let Ok(view) = Self::view_of(&catalogue, row, Vec::new()) else { continue };
                let (row, it, state) = (view.row, view.item, view.state_zh);
                let (recipient, subject) = if column == "warned_at" {
                    (format!("role:community_staff@{}", row.community_id), format!("办事 {} 即将到期", row.code))
                } else {
                    (format!("role:community_head@{}", row.community_id), format!("办事 {} 已超过承诺时限", row.code))
                };
                let local = crate::domain::time::zone().month_day_minute(due);
                let body = format!("{subject}：{}（{state}），承诺 {local} 前办结。", it.name);
                let mut tx = self.db().begin().await?;
                if !store::claim_warning(&mut tx, &row, column, now).await? {
                    tx.rollback().await?;
                    continue;
                }
                let n = Notification {
                    community_id: row.community_id.clone(),
                    id: Uuid::now_v7(),
                    channel: "inbox".into(),
                    recipient,
                    subject,
                    body,
                    event_id: None,
                    created_at: now,
                    sent_at: Some(now),
                };
                linli_store::notify::outbox::notify(&mut tx, &n).await?;
                tx.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }
}

impl App {
    /// A photo of an application's materials, for staff who see it:
    /// (content type, bytes).
    pub async fn application_photo(
        &self,
        user: &User,
        id: Uuid,
        photo: Uuid,
        thumb: bool,
    ) -> Result<(String, Vec<u8>)> {
        let view = self.application(user, id).await?;
        let p = view.photos.iter().find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }
}

/// An item as stored.
fn item_row(i: &Item) -> store::ItemRow {
    let json = |l: &[String]| serde_json::to_string(l).expect("strings serialise");
    store::ItemRow {
        code: i.code.clone(),
        name: i.name.clone(),
        department: i.department.clone(),
        eligibility: i.eligibility.clone(),
        materials: json(&i.materials),
        fields: json(&i.fields),
        steps: json(&i.steps),
        days: i64::from(i.days),
        at_home: i.at_home,
        proxy: i.proxy,
        active: i.active,
    }
}

/// An item from its stored row (a list that does not parse reads as empty).
fn item_of(r: store::ItemRow) -> Item {
    let list = |j: &str| serde_json::from_str::<Vec<String>>(j).unwrap_or_default();
    Item {
        materials: list(&r.materials),
        fields: list(&r.fields),
        steps: list(&r.steps),
        code: r.code,
        name: r.name,
        department: r.department,
        eligibility: r.eligibility,
        days: u32::try_from(r.days).unwrap_or(1),
        at_home: r.at_home,
        proxy: r.proxy,
        active: r.active,
    }
}

/// Whether a field holds a number that pays money out (a bank card or account).
fn secret_field(name: &str) -> bool {
    ["卡号", "账号", "账户"].iter().any(|w| name.contains(w))
}

/// `6222…3445` as `************3445`: the last four, the rest hidden.
fn masked_number(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    let keep = chars.len().saturating_sub(4);
    chars.iter().enumerate().map(|(i, c)| if i < keep { '*' } else { *c }).collect()
}
