//! Events (诉求/事件): a report comes in from a channel, and staff move it
//! through the workflow of `domain::events::event`, each step on its timeline and
//! in the audit log. The reporter follows it by tracking code, seeing only
//! the public steps.

use chrono::{DateTime, Utc};
use linli_store::events::event::{self as store, EventRow};
use linli_store::events::photo::{self as event_photo, PhotoRow};
use linli_store::events::timeline::{self, StepRow};
use linli_store::events::{category, measure};
use linli_store::notify::outbox::{self, Notification};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::registry::household::{read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::events::event::{Action, Deadline, Satisfaction, State, Urgency, apply, handler_zh};
use crate::domain::events::photo::{self, Cleaned};
use crate::domain::registry::phone::Phone;

/// Channels a report comes from.
pub const SOURCES: [&str; 6] = ["phone", "qr", "open311", "patrol", "counter", "kiosk"];

/// A channel as the timeline names it.
fn source_zh(source: &str) -> &'static str {
    match source {
        "qr" => "楼栋二维码",
        "open311" => "Open311",
        "patrol" => "网格员巡查",
        "counter" => "窗口代报",
        "kiosk" => "自助机",
        _ => "手机",
    }
}

/// A report as a channel gives it.
#[derive(Debug, Clone, Default)]
pub struct NewReport {
    /// Category code.
    pub category: String,
    /// What happened, in the reporter's words.
    pub text: String,
    /// Community it is in.
    pub community: String,
    /// The building's QR token, when reported from its code.
    pub building_token: Option<String>,
    /// The building, when the channel knows its id (Open311's `address_id`).
    pub building_id: Option<Uuid>,
    /// Where, in words, when no building is known.
    pub address: Option<String>,
    /// Latitude and longitude, when the channel sends them.
    pub position: Option<(f64, f64)>,
    /// Reporter's e-mail, for replies by mail.
    pub reporter_email: Option<String>,
    /// Photos as uploaded (checked and cleaned here).
    pub photos: Vec<Vec<u8>>,
    /// Reporter's name (empty: 匿名).
    pub reporter_name: String,
    /// Reporter's phone, needed when not signed in.
    pub reporter_phone: Option<Phone>,
    /// One of [`SOURCES`].
    pub source: String,
}

/// An event with its timeline, for staff.
#[derive(Debug, Clone)]
pub struct EventView {
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
}

/// What a reporter sees by tracking code.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Tracked {
    /// Tracking code.
    pub code: String,
    /// Category name.
    pub category: String,
    /// Where it stands, in Chinese.
    pub state: String,
    /// Open311's open or closed.
    pub status: &'static str,
    /// The public steps: when, what (in Chinese), the note shown to the
    /// reporter, and the ids of the step's photos.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub steps: Vec<TrackedStep>,
}

/// A public step as its reporter sees it: when, what (in Chinese), the
/// note, and the ids of its photos.
pub type TrackedStep = (DateTime<Utc>, String, Option<String>, Vec<Uuid>);

/// The lists of events staff work from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every event, newest first.
    All,
    /// The dispatch board: waiting to be accepted or dispatched.
    Board,
    /// On the clock, soonest due first (a grid worker's tasks).
    Mine,
    /// Open and past a deadline (the leader's overdue list).
    Late,
    /// Sent back to work at least once.
    Rework,
}

impl View {
    /// From the query's `view`.
    pub fn parse(s: &str) -> View {
        match s {
            "board" => View::Board,
            "mine" => View::Mine,
            "late" => View::Late,
            "rework" => View::Rework,
            _ => View::All,
        }
    }
}

/// A category as a channel offers it.
#[derive(Debug, Clone)]
pub struct Category {
    /// Code.
    pub code: String,
    /// The code of the category it is under.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Who handles it (a handler key, see `domain::events::event::handler_zh`).
    pub handler: String,
    /// Deadline in hours from dispatch.
    pub hours: i64,
    /// GB/T 30428: 事件 or 部件.
    pub class: String,
    /// Offered to reporters.
    pub active: bool,
}

/// An event as the public (an Open311 client, its reporter) may see it:
/// no name, phone or internal step.
#[derive(Debug, Clone)]
pub struct PublicEvent {
    /// The event.
    pub row: EventRow,
    /// Its state.
    pub state: State,
    /// Its category.
    pub category: Category,
    /// The latest public note (a reason, what was done), if any.
    pub note: Option<String>,
    /// When it is due, while a deadline runs.
    pub due: Option<DateTime<Utc>>,
    /// The first photo of a public step.
    pub photo: Option<Uuid>,
}

impl App {
    /// Checks and cleans photos away from the request threads: each one's
    /// header first (a huge canvas is refused before a pixel is decoded),
    /// then the pictures, one after another, once the photo gate has room
    /// for the largest ([`crate::app::system::gate::PHOTO_MB`] MB of pixels server-wide;
    /// past that, [`Error::Busy`]). One refused photo refuses them all.
    pub(crate) async fn clean_photos(&self, photos: Vec<Vec<u8>>) -> Result<Vec<Cleaned>> {
        if photos.len() > photo::MAX_PER_STEP {
            return Err(invalid("photo", format!("每次最多 {} 张照片", photo::MAX_PER_STEP)));
        }
        if photos.is_empty() {
            return Ok(Vec::new());
        }
        let refused = |i: usize, e: photo::PhotoError| invalid("photo", format!("第 {} 张照片：{e}", i + 1));
        let mut largest = 0u64;
        for (i, p) in photos.iter().enumerate() {
            largest = largest.max(photo::inspect(p).map_err(|e| refused(i, e))?.decoded_bytes);
        }
        // The largest picture, and its smaller copies beside it.
        let mb = u32::try_from(largest.div_ceil(1024 * 1024)).unwrap_or(u32::MAX).saturating_add(16);
        let pass = self.photo_gate().enter(mb).await?;
        tokio::task::spawn_blocking(move || {
            let _pass = pass;
            photos.iter().enumerate().map(|(i, p)| photo::clean(p).map_err(|e| refused(i, e))).collect()
        })
        .await
        .map_err(|e| Error::Files(std::io::Error::other(e)))?
    }
}

/// Reports one address may file per hour without signing in.
pub const REPORTS_PER_HOUR: i64 = 10;
/// The limit they are counted under.
pub const ANONYMOUS_REPORTS: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "report", max: REPORTS_PER_HOUR, window_minutes: 60 };

/// A message about an event for the outbox; one for the in-app inbox is
/// delivered by being written.
fn message(
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
fn reporter_address(row: &EventRow) -> Option<(&'static str, String)> {
    match (row.reporter_account, &row.reporter_phone_sealed, &row.reporter_email_sealed) {
        (Some(account), _, _) => Some(("inbox", format!("account:{account}"))),
        (None, Some(_), _) => Some(("sms", format!("reporter:{}", row.code))),
        (None, None, Some(_)) => Some(("email", format!("reporter:{}", row.code))),
        (None, None, None) => None,
    }
}

/// Removes files written for a transaction that did not commit.
pub(crate) async fn forget_files(files: &[std::path::PathBuf]) {
    for f in files {
        let _ = tokio::fs::remove_file(f).await;
    }
}

fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
    Error::Invalid { field, reason: reason.into() }
}

impl App {
    /// Every category, active or not, parents before children.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        if let Some((at, tree)) = &self.cache().categories
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(tree.as_ref().clone());
        }
        let tree = self.read_categories().await?;
        self.cache().categories = Some((std::time::Instant::now(), std::sync::Arc::new(tree.clone())));
        Ok(tree)
    }

    /// A community by code (cached briefly: every report looks one up).
    async fn community(&self, code: &str) -> Result<Option<linli_store::registry::region::RegionRow>> {
        if let Some((at, row)) = self.cache().communities.get(code)
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(Some(row.clone()));
        }
        let row = linli_store::registry::region::get(self.db(), code)
            .await?
            .filter(|c| c.level == linli_store::registry::region::Level::Community);
        if let Some(r) = &row {
            self.cache().communities.insert(code.to_owned(), (std::time::Instant::now(), r.clone()));
        }
        Ok(row)
    }

    async fn read_categories(&self) -> Result<Vec<Category>> {
        let all: Vec<Category> = category::categories(self.db())
            .await?
            .into_iter()
            .map(|c| Category {
                code: c.code,
                parent: c.parent_code,
                name: c.name,
                handler: c.handler,
                hours: c.deadline_hours,
                class: c.class,
                active: c.active,
            })
            .collect();
        let mut out = Vec::new();
        for top in all.iter().filter(|c| c.parent.is_none()) {
            out.push(top.clone());
            out.extend(all.iter().filter(|c| c.parent.as_deref() == Some(top.code.as_str())).cloned());
        }
        Ok(out)
    }

    async fn public_view(&self, row: EventRow, categories: &[Category]) -> Result<PublicEvent> {
        let state = State::parse(&row.state).ok_or_else(|| invalid("state", row.state.clone()))?;
        let steps = timeline::steps(self.db(), &row.community_id, row.id).await?;
        let note = steps.iter().rev().filter(|s| s.public).find_map(|s| s.note.clone());
        let photo = event_photo::photos(self.db(), &row.community_id, row.id)
            .await?
            .into_iter()
            .find(|p| steps.iter().any(|s| s.public && Some(s.id) == p.step_id))
            .map(|p| p.id);
        let category = categories.iter().find(|c| c.code == row.category_code).cloned().unwrap_or_else(|| Category {
            code: row.category_code.clone(),
            parent: None,
            name: String::new(),
            handler: String::new(),
            hours: 0,
            class: String::new(),
            active: false,
        });
        let due = match (state.on_the_clock(), row.deadline_from, row.deadline_hours) {
            (true, Some(from), Some(hours)) => Some(from + chrono::Duration::hours(hours)),
            _ => None,
        };
        Ok(PublicEvent { row, state, category, note, due, photo })
    }

    /// One event by tracking code, as the public sees it.
    pub async fn public_event(&self, code: &str) -> Result<PublicEvent> {
        let row = store::by_code(self.db(), code.trim()).await?.ok_or(Error::NotFound("event"))?;
        self.public_view(row, &self.categories().await?).await
    }

    /// Events of a region that match, as the public sees them, newest first.
    pub async fn public_events(&self, region: &str, find: &store::Find, limit: u64) -> Result<Vec<PublicEvent>> {
        let prefixes = vec![crate::app::access::account::significant_prefix(region).to_owned()];
        let categories = self.categories().await?;
        let mut out = Vec::new();
        for row in store::find(self.db(), &prefixes, find, limit).await? {
            out.push(self.public_view(row, &categories).await?);
        }
        Ok(out)
    }

    /// The communities linli serves (those with grids): (code, name).
    pub async fn communities_served(&self) -> Result<Vec<(String, String)>> {
        let grids = linli_store::registry::region::grids_in(self.db(), &[String::new()]).await?;
        let mut codes: Vec<&str> = grids.iter().map(|g| &g.code[..12]).collect();
        codes.dedup();
        Ok(linli_store::registry::region::get_many(self.db(), &codes)
            .await?
            .into_iter()
            .map(|r| (r.code, r.short_name))
            .collect())
    }

    async fn category(&self, code: &str) -> Result<Option<Category>> {
        Ok(self.categories().await?.into_iter().find(|c| c.code == code))
    }

    async fn category_name(&self, code: &str) -> Result<Option<String>> {
        Ok(self.category(code).await?.map(|c| c.name))
    }

    /// Takes a report in; returns the event's id and tracking code.
    pub async fn report_event(&self, actor: &Actor, account: Option<Uuid>, r: NewReport) -> Result<(Uuid, String)> {
        if !SOURCES.contains(&r.source.as_str()) {
            return Err(invalid("source", format!("one of {}", SOURCES.join(", "))));
        }
        let category = self
            .category(&r.category)
            .await?
            .filter(|c| c.active)
            .map(|c| c.name)
            .ok_or_else(|| invalid("category", "没有这个类别"))?;
        // Anyone may report without signing in, but one address cannot
        // flood the queue: such reports are counted per address, like
        // registrations, on the database all servers share.
        // Counted before anything else is done with it (photos, look-ups),
        // in one step, so that a flood in parallel gets no more through.
        if account.is_none()
            && matches!(r.source.as_str(), "phone" | "qr")
            && self.reserve(&ANONYMOUS_REPORTS, &actor.ip).await?.is_err()
        {
            return Err(Error::TooMany);
        }
        let text = r.text.trim();
        if !(2..=2000).contains(&text.chars().count()) {
            return Err(invalid("text", "请用 2–2000 字说明情况"));
        }
        // A person not signed in leaves a phone so that they can be called
        // back; machine clients and staff answer for their reporters.
        if account.is_none() && r.reporter_phone.is_none() && matches!(r.source.as_str(), "phone" | "qr") {
            return Err(invalid("phone", "未登录时请留下手机号，以便回访"));
        }
        if let Some((lat, lon)) = r.position
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            return Err(invalid("lat", "坐标超出范围"));
        }
        let email = r.reporter_email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email
            && (e.len() > 254 || !e.contains('@') || e.contains(char::is_whitespace))
        {
            return Err(invalid("email", "电子邮箱格式不对"));
        }
        let community =
            self.community(r.community.trim()).await?.ok_or_else(|| invalid("community", "请选择所在社区"))?;
        let photos = self.clean_photos(r.photos).await?;
        let building = match (&r.building_token, r.building_id) {
            (Some(token), _) => Some(
                linli_store::registry::building::building_by_token(self.db(), &community.code, token)
                    .await?
                    .ok_or(Error::NotFound("building"))?,
            ),
            (None, Some(id)) => Some(
                linli_store::registry::building::building_card(self.db(), &community.code, id)
                    .await?
                    .ok_or(Error::NotFound("building"))?,
            ),
            (None, None) => None,
        };
        let address = match &building {
            Some(b) => Some(format!("{}{}", community.short_name, b.name)),
            None => {
                r.address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(|a| a.chars().take(200).collect())
            }
        };
        let now = Utc::now();
        let id = Uuid::now_v7();
        let code = format!("E{}", &Uuid::new_v4().simple().to_string()[..10].to_ascii_uppercase());
        let name = r.reporter_name.trim();
        let row = EventRow {
            community_id: community.code.clone(),
            id,
            code: code.clone(),
            category_code: r.category.clone(),
            state: State::Reported.as_str().into(),
            source: r.source.clone(),
            grid_code: building.as_ref().map(|b| b.grid_code.clone()),
            building_id: building.as_ref().map(|b| b.id),
            text: text.to_owned(),
            reporter_name: if name.is_empty() { "匿名".into() } else { name.chars().take(32).collect() },
            reporter_phone_sealed: r.reporter_phone.as_ref().map(|p| self.keys().seal(p.as_str())),
            reporter_account: account,
            handler: None,
            deadline_from: None,
            deadline_hours: None,
            rework: 0,
            created_at: now,
            updated_at: now,
            address,
            lat: r.position.map(|p| p.0),
            lon: r.position.map(|p| p.1),
            reporter_email_sealed: email.map(|e| self.keys().seal(e)),
            late: false,
            closed_at: None,
        };
        let step = StepRow {
            community_id: row.community_id.clone(),
            id: Uuid::now_v7(),
            event_id: id,
            at: now,
            actor: actor.label.clone(),
            action: "report".into(),
            from_state: None,
            to_state: row.state.clone(),
            note: Some(format!("{category}（{}）", source_zh(&r.source))),
            public: true,
            took_secs: None,
        };
        // The reporter hears at once that it arrived, with the code to follow it.
        let receipt = reporter_address(&row).map(|(channel, to)| {
            let body = format!("已收到您反映的问题（{category}），查询码 {code}，可凭查询码查看进展。");
            message(&row, channel, to, format!("诉求 {code}"), body, now)
        });
        let detail = json!({ "category": r.category, "source": r.source, "photos": photos.len() });
        let (photos, files) = self.write_photos(&step, photos).await?;
        let intake =
            crate::app::events::intake::Intake { event: row, step, receipt, photos, actor: actor.clone(), detail };
        if let Err(e) = self.intake().submit(intake).await {
            forget_files(&files).await;
            return Err(e.into());
        }
        Ok((id, code))
    }

    /// An event with its timeline; `NotFound` outside the user's scope.
    pub async fn event(&self, user: &User, id: Uuid) -> Result<EventView> {
        let row = store::in_scope_by_id(self.db(), &read_scope(user), id).await?.ok_or(Error::NotFound("event"))?;
        let steps = timeline::steps(self.db(), &row.community_id, id).await?;
        let state = State::parse(&row.state).ok_or_else(|| invalid("state", row.state.clone()))?;
        let kind = self.category(&row.category_code).await?;
        let category = kind.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        let default_handler = kind.map(|c| handler_zh(&c.handler).to_owned()).unwrap_or_else(|| "社区工作人员".into());
        let possible_duplicates = if matches!(state, State::Reported | State::Accepted) {
            self.possible_duplicates(&row).await?
        } else {
            Vec::new()
        };
        let photos = event_photo::photos(self.db(), &row.community_id, id).await?;
        Ok(EventView { row, state, category, steps, possible_duplicates, photos, default_handler })
    }

    async fn possible_duplicates(&self, e: &EventRow) -> Result<Vec<(String, Uuid)>> {
        let since = e.created_at - chrono::Duration::days(7);
        let closed: Vec<&str> =
            crate::domain::events::event::ALL.iter().filter(|s| s.open311() == "closed").map(|s| s.as_str()).collect();
        let candidates = store::recent_open(self.db(), &e.community_id, since, &closed, e.id).await?;
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

    /// Events in the user's scope as a view shows them (at most 200),
    /// optionally in one state.
    pub async fn events(&self, user: &User, view: View, state: Option<State>) -> Result<Vec<EventRow>> {
        let names = |list: &[State]| list.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>();
        let open: Vec<State> =
            crate::domain::events::event::ALL.into_iter().filter(|s| s.open311() == "open").collect();
        let mut find = match view {
            View::All => store::Find::default(),
            View::Board => store::Find { states: names(&[State::Reported, State::Accepted]), ..Default::default() },
            View::Mine => store::Find { states: names(&[State::Dispatched, State::InProgress]), ..Default::default() },
            View::Late => store::Find { states: names(&open), late: true, ..Default::default() },
            View::Rework => store::Find { reworked: true, ..Default::default() },
        };
        if let Some(s) = state.map(|s| s.as_str().to_owned()) {
            if find.states.is_empty() {
                find.states.push(s);
            } else if find.states.contains(&s) {
                find.states = vec![s];
            } else {
                return Ok(Vec::new());
            }
        }
        let mut rows = store::find(self.db(), &read_scope(user), &find, 200).await?;
        if view == View::Mine {
            // Soonest due first.
            rows.sort_by_key(|r| r.deadline_from.zip(r.deadline_hours).map(|(f, h)| f + chrono::Duration::hours(h)));
        }
        Ok(rows)
    }

    /// The events the user reported while signed in, newest first.
    pub async fn my_reports(&self, user: &User) -> Result<Vec<EventRow>> {
        Ok(store::by_reporter(self.db(), user.account.row.id, 100).await?)
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
    ) -> Result<Vec<(Uuid, std::result::Result<String, String>)>> {
        if ids.len() > 200 {
            return Err(invalid("ids", "一次最多派遣 200 件"));
        }
        let mut out = Vec::new();
        for id in ids {
            let r = self.act_on_event(user, ip, *id, Action::Dispatch { hours }, Some(handler), Vec::new()).await;
            out.push((
                *id,
                match r {
                    Ok(v) => Ok(v.row.code),
                    Err(Error::Invalid { reason, .. }) => Err(reason),
                    Err(Error::NotFound(_)) => Err("没有找到".into()),
                    Err(Error::Forbidden) => Err("无权处理".into()),
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
        handler: Option<&str>,
        photos: Vec<Vec<u8>>,
    ) -> Result<EventView> {
        let view = self.event(user, id).await?;
        let place = view.row.grid_code.clone().unwrap_or_else(|| view.row.community_id.clone());
        if !works(user, &place) {
            return Err(Error::Forbidden);
        }
        let step = apply(view.state, &action).map_err(|e| invalid("action", e.to_string()))?;
        let photos = self.clean_photos(photos).await?;
        let now = Utc::now();
        let mut row = view.row.clone();
        row.state = step.next.as_str().into();
        row.updated_at = now;
        if step.rework {
            row.rework += 1;
        }
        if let Some(hours) = step.new_deadline {
            // Without a name, the category's own handler takes it (安全隐患 → 社区警务室).
            let handler = match handler.map(str::trim).filter(|h| !h.is_empty()) {
                Some(h) => h,
                None => view.default_handler.as_str(),
            };
            row.handler = Some(handler.chars().take(64).collect());
            row.deadline_from = Some(now);
            row.deadline_hours = Some(i64::from(hours));
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
            Action::MarkDuplicate { of } => Some(format!("同 {of}")),
            Action::Dispatch { hours } => Some(format!("{}，{hours} 小时内", row.handler.clone().unwrap_or_default())),
            _ => None,
        };
        let mut tx = self.db().begin().await?;
        if !store::update_state(&mut tx, &row, view.state.as_str()).await? {
            return Err(invalid("action", "这件诉求刚被别人处理过，请刷新后再试"));
        }
        let entry = StepRow {
            community_id: row.community_id.clone(),
            id: Uuid::now_v7(),
            event_id: id,
            at: now,
            actor: user.account.login_label(),
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
        timeline::add_step(&mut tx, &entry).await?;
        // The reporter hears of each public step (by SMS when they left a
        // phone, in their inbox when signed in); a new handler of dispatch.
        let mut notes = Vec::new();
        if step.public
            && let Some((channel, to)) = reporter_address(&row)
        {
            let text = format!("您反映的问题（查询码 {}）：{}", row.code, step.next.zh());
            notes.push((channel, to, text));
        }
        if step.new_deadline.is_some() {
            let to = format!("handler:{}", row.handler.clone().unwrap_or_default());
            let text = format!("新派诉求 {}：{}（{} 小时内办结）", row.code, row.text, row.deadline_hours.unwrap_or(0));
            notes.push(("inbox", to, text));
        }
        for (channel, recipient, body) in notes {
            outbox::notify(&mut tx, &message(&row, channel, recipient, format!("诉求 {}", row.code), body, now))
                .await?;
        }
        let detail = json!({
            "from": view.state.as_str(), "to": row.state, "note": note, "rework": step.rework, "photos": photos.len()
        });
        record(&mut tx, &user.actor(ip), &format!("event.{}", action.name()), &row.code, detail).await?;
        let (rows, files) = self.write_photos(&entry, photos).await?;
        event_photo::add_photos(&mut tx, &rows).await?;
        if let Err(e) = tx.commit().await {
            forget_files(&files).await;
            return Err(e.into());
        }
        self.event(user, id).await
    }

    /// The deadline check (督办): for every event on the clock, each alert
    /// its deadline has reached — warning the handler at 80%, the community
    /// head when overdue, the street later — is claimed and, if this call
    /// claimed it, written to the outbox and the timeline. Run again, after
    /// a restart, or by a second server at once, nothing is sent twice.
    /// Returns how many alerts this call sent.
    pub async fn check_deadlines(&self, now: DateTime<Utc>) -> Result<usize> {
        let states = [State::Dispatched.as_str(), State::InProgress.as_str()];
        let mut sent = 0;
        for e in store::on_the_clock(self.db(), &states).await? {
            let (Some(from), Some(hours)) = (e.deadline_from, e.deadline_hours) else { continue };
            let deadline = Deadline { from, hours: u32::try_from(hours).unwrap_or(u32::MAX) };
            let reached = deadline.urgency(now);
            for (level, kind) in [(Urgency::Warn, "warn"), (Urgency::Overdue, "overdue"), (Urgency::Street, "street")] {
                if level > reached {
                    break;
                }
                let handler = e.handler.clone().unwrap_or_default();
                let (recipient, subject) = match level {
                    Urgency::Warn => (format!("handler:{handler}"), format!("诉求 {} 即将到期", e.code)),
                    Urgency::Overdue => {
                        (format!("role:community_head@{}", e.community_id), format!("诉求 {} 已超期", e.code))
                    }
                    _ => (
                        format!("role:street_admin@{}000", &e.community_id[..9]),
                        format!("诉求 {} 超期未办，请街道督办", e.code),
                    ),
                };
                let mut tx = self.db().begin().await?;
                if !store::claim_alert(&mut tx, &e, kind, from, now).await? {
                    tx.rollback().await?;
                    continue;
                }
                if level == Urgency::Overdue {
                    store::mark_late(&mut tx, &e.community_id, e.id).await?;
                }
                let due = crate::domain::time::zone().month_day_minute(deadline.due());
                let body = format!("{}：{}（处置：{handler}，时限 {}）", subject, e.text, due);
                outbox::notify(&mut tx, &message(&e, "inbox", recipient, subject.clone(), body, now)).await?;
                let step = StepRow {
                    community_id: e.community_id.clone(),
                    id: Uuid::now_v7(),
                    event_id: e.id,
                    at: now,
                    actor: "督办".into(),
                    action: format!("alert_{kind}"),
                    from_state: Some(e.state.clone()),
                    to_state: e.state.clone(),
                    note: Some(subject),
                    public: false,
                    took_secs: None,
                };
                timeline::add_step(&mut tx, &step).await?;
                tx.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// The user's in-app inbox: what is addressed to their account, or to a
    /// role they hold on a region (`role:community_head@141102001002`).
    pub async fn inbox(&self, user: &User) -> Result<Vec<Notification>> {
        let mut to = vec![format!("account:{}", user.account.row.id)];
        for (role, code) in &user.account.grants {
            if let Some(code) = linli_store::registry::region::canonical_code(code) {
                to.push(format!("role:{}@{code}", role.as_str()));
            }
        }
        Ok(outbox::addressed_to(self.db(), &to, 100).await?)
    }

    /// The outbox of the user's communities, newest first.
    pub async fn outbox(&self, user: &User) -> Result<Vec<Notification>> {
        Ok(outbox::outbox(self.db(), &read_scope(user), 200).await?)
    }

    fn photo_path(&self, community_id: &str, id: Uuid, content_type: &str, thumb: bool) -> std::path::PathBuf {
        let ext = if thumb {
            "thumb.jpg"
        } else if content_type == "image/png" {
            "png"
        } else {
            "jpg"
        };
        self.data_dir().join("photos").join(community_id).join(format!("{id}.{ext}"))
    }

    /// Writes a cleaned photo and its thumbnail to the data folder, adding
    /// each file to `files` (to remove if what records them fails).
    pub(crate) async fn write_photo(
        &self,
        community_id: &str,
        id: Uuid,
        p: &Cleaned,
        files: &mut Vec<std::path::PathBuf>,
    ) -> Result<()> {
        for (thumb, bytes) in [(false, &p.bytes), (true, &p.thumb)] {
            let path = self.photo_path(community_id, id, p.content_type, thumb);
            let written = async {
                tokio::fs::create_dir_all(path.parent().expect("photos have a folder")).await?;
                tokio::fs::write(&path, bytes).await
            };
            if let Err(e) = written.await {
                forget_files(files).await;
                return Err(e.into());
            }
            files.push(path);
        }
        Ok(())
    }

    /// Writes cleaned photos of a visit or an application to the data
    /// folder; returns their rows to record in an album, and the files, to
    /// remove if the transaction fails.
    pub(crate) async fn write_owned_photos(
        &self,
        community_id: &str,
        owner: Uuid,
        photos: &[Cleaned],
        at: DateTime<Utc>,
    ) -> Result<(Vec<linli_store::services::photo::PhotoRow>, Vec<std::path::PathBuf>)> {
        let (mut rows, mut files) = (Vec::new(), Vec::new());
        for p in photos {
            let id = Uuid::now_v7();
            self.write_photo(community_id, id, p, &mut files).await?;
            rows.push(linli_store::services::photo::PhotoRow {
                community_id: community_id.to_owned(),
                id,
                owner_id: owner,
                content_type: p.content_type.into(),
                size: p.bytes.len() as i64,
                width: i32::try_from(p.width).unwrap_or(i32::MAX),
                height: i32::try_from(p.height).unwrap_or(i32::MAX),
                created_at: at,
            });
        }
        Ok((rows, files))
    }

    /// Writes cleaned photos of a step to the data folder; returns their
    /// rows to record, and the files, to remove if the transaction fails.
    async fn write_photos(
        &self,
        step: &StepRow,
        photos: Vec<Cleaned>,
    ) -> Result<(Vec<PhotoRow>, Vec<std::path::PathBuf>)> {
        let (mut rows, mut files) = (Vec::new(), Vec::new());
        for p in photos {
            let row = PhotoRow {
                community_id: step.community_id.clone(),
                id: Uuid::now_v7(),
                event_id: step.event_id,
                step_id: Some(step.id),
                content_type: p.content_type.into(),
                size: p.bytes.len() as i64,
                width: i32::try_from(p.width).unwrap_or(i32::MAX),
                height: i32::try_from(p.height).unwrap_or(i32::MAX),
                created_at: step.at,
            };
            self.write_photo(&row.community_id, row.id, &p, &mut files).await?;
            rows.push(row);
        }
        Ok((rows, files))
    }

    /// A stored photo's bytes: (content type, bytes).
    pub(crate) async fn read_photo_file(
        &self,
        community_id: &str,
        id: Uuid,
        content_type: &str,
        thumb: bool,
    ) -> Result<(String, Vec<u8>)> {
        let path = self.photo_path(community_id, id, content_type, thumb);
        let bytes = match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NotFound("photo")),
            Err(e) => return Err(e.into()),
        };
        Ok((if thumb { "image/jpeg".into() } else { content_type.to_owned() }, bytes))
    }

    async fn read_photo(&self, p: &PhotoRow, thumb: bool) -> Result<(String, Vec<u8>)> {
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }

    /// A photo of an event in the user's scope: (content type, bytes).
    pub async fn event_photo(&self, user: &User, event: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let view = self.event(user, event).await?;
        let p = view.photos.iter().find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo(p, thumb).await
    }

    /// A photo its reporter may see by tracking code: one on a public step.
    pub async fn tracked_photo(&self, code: &str, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let row = store::by_code(self.db(), code.trim()).await?.ok_or(Error::NotFound("event"))?;
        let steps = timeline::steps(self.db(), &row.community_id, row.id).await?;
        let photos = event_photo::photos(self.db(), &row.community_id, row.id).await?;
        let p = photos
            .iter()
            .find(|p| p.id == photo && steps.iter().any(|s| s.public && Some(s.id) == p.step_id))
            .ok_or(Error::NotFound("photo"))?;
        self.read_photo(p, thumb).await
    }

    /// What the reporter sees by tracking code: the public steps only.
    pub async fn track_event(&self, code: &str) -> Result<Tracked> {
        let row = store::by_code(self.db(), code.trim()).await?.ok_or(Error::NotFound("event"))?;
        let state = State::parse(&row.state).ok_or_else(|| invalid("state", row.state.clone()))?;
        let steps = timeline::steps(self.db(), &row.community_id, row.id).await?;
        let photos = event_photo::photos(self.db(), &row.community_id, row.id).await?;
        let category = self.category_name(&row.category_code).await?.unwrap_or_default();
        Ok(Tracked {
            code: row.code,
            category,
            state: state.zh().into(),
            status: state.open311(),
            steps: steps
                .into_iter()
                .filter(|s| s.public)
                .map(|s| {
                    let zh = State::parse(&s.to_state).map_or("", State::zh).to_owned();
                    let shown = photos.iter().filter(|p| p.step_id == Some(s.id)).map(|p| p.id).collect();
                    (s.at, zh, s.note, shown)
                })
                .collect(),
        })
    }
}

/// One group of the event measures, named.
#[derive(Debug, Clone)]
pub struct MeasureRow {
    /// What the group is called (a region's, a category's or a handler's name).
    pub name: String,
    /// Its counts.
    pub tally: measure::Tally,
}

/// A rate as a share (0–1), none when nothing to divide by.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl MeasureRow {
    /// 结案率: closed of those taken on.
    pub fn closing_rate(&self) -> Option<f64> {
        rate(self.tally.closed, self.tally.accepted)
    }

    /// 按期结案率: closed without running late, of those closed.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.tally.closed_on_time, self.tally.closed)
    }

    /// 返工率: sent back to work at least once, of those taken on.
    pub fn rework_rate(&self) -> Option<f64> {
        rate(self.tally.reworked, self.tally.accepted)
    }

    /// 满意率: 满意 or 基本满意, of those visited.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.tally.satisfied, self.tally.visited)
    }
}

/// The event measures of a period, by group, and the time each step took.
#[derive(Debug, Clone)]
pub struct Measures {
    /// The groups, by key.
    pub rows: Vec<MeasureRow>,
    /// All groups together.
    pub all: MeasureRow,
    /// Per action: (action, how many, average seconds since the step before).
    pub steps: Vec<(String, i64, i64)>,
}

impl App {
    /// The event measures of the user's scope for the days `from`–`to`
    /// (local dates, both included), grouped `by`.
    pub async fn event_measures(
        &self,
        user: &User,
        by: measure::By,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Measures> {
        if to < from {
            return Err(invalid("to", "结束日期不能早于开始日期"));
        }
        let zone = crate::domain::time::zone();
        let period = (zone.day_start(from), zone.day_start(to.succ_opt().ok_or_else(|| invalid("to", "日期不对"))?));
        let names = |list: &[State]| list.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>();
        let visited = [
            State::Visited(Satisfaction::Satisfied),
            State::Visited(Satisfaction::Fair),
            State::Visited(Satisfaction::Unsatisfied),
        ];
        let counted = measure::Counted {
            accepted: names(
                &crate::domain::events::event::ALL
                    .into_iter()
                    .filter(|s| !matches!(s, State::Reported | State::Rejected | State::Duplicate))
                    .collect::<Vec<_>>(),
            ),
            closed: names(&[&[State::Closed][..], &visited[..]].concat()),
            visited: names(&visited),
            satisfied: names(&visited[..2]),
        };
        let prefixes = read_scope(user);
        let mut tallies = measure::tally(self.db(), &prefixes, by, period, &counted).await?;
        // By key, by code point on both engines, and those without one last.
        tallies.sort_by(|a, b| (a.key.is_none(), &a.key).cmp(&(b.key.is_none(), &b.key)));
        let named = self.group_names(by, &tallies).await?;
        let all = tallies.iter().fold(measure::Tally::default(), |sum, t| sum.plus(t));
        let steps = measure::step_times(self.db(), &prefixes, period).await?;
        Ok(Measures { rows: named, all: MeasureRow { name: "合计".into(), tally: all }, steps })
    }

    async fn group_names(&self, by: measure::By, tallies: &[measure::Tally]) -> Result<Vec<MeasureRow>> {
        let region_codes: Vec<String> = match by {
            measure::By::Street => tallies.iter().filter_map(|t| t.key.as_ref().map(|k| format!("{k}000"))).collect(),
            measure::By::Grid | measure::By::Community => tallies.iter().filter_map(|t| t.key.clone()).collect(),
            _ => Vec::new(),
        };
        let codes: Vec<&str> = region_codes.iter().map(String::as_str).collect();
        let regions = linli_store::registry::region::get_many(self.db(), &codes).await?;
        let categories = self.categories().await?;
        Ok(tallies
            .iter()
            .map(|t| {
                let name = match (&t.key, by) {
                    (None, measure::By::Handler) => "未派遣".to_owned(),
                    (None, _) => "未定位".to_owned(),
                    (Some(k), measure::By::Category) => {
                        categories.iter().find(|c| &c.code == k).map_or_else(|| k.clone(), |c| c.name.clone())
                    }
                    (Some(k), measure::By::Handler) => k.clone(),
                    (Some(k), _) => {
                        let code = if by == measure::By::Street { format!("{k}000") } else { k.clone() };
                        regions.iter().find(|r| r.code == code).map_or(code, |r| r.short_name.clone())
                    }
                };
                MeasureRow { name, tally: t.clone() }
            })
            .collect())
    }
}
