//! A report comes in (反映问题): from which channel, checked, placed, routed
//! and queued for the intake; what it becomes is an event of
//! [`super::event`].

use chrono::Utc;
use linli_store::events::event::EventRow;
use linli_store::events::timeline::StepRow;
use serde_json::json;
use uuid::Uuid;

use super::event::{ROUTING, message, reporter_address, unprintable};
use crate::app::access::audit::Actor;
use crate::app::photo::forget_files;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::events::event::{Action, State, apply};
use crate::domain::events::routing::Route;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::CommunityCode;

/// Channels a report comes from.
pub const SOURCES: [&str; 6] = ["phone", "qr", "open311", "patrol", "counter", "kiosk"];

/// A channel as the timeline names it.
pub(crate) fn source_zh(source: &str) -> &'static str {
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
#[derive(Debug, Clone)]
pub struct NewReport {
    /// Category code.
    pub category: String,
    /// What happened, in the reporter's words.
    pub text: String,
    /// Community it is in.
    pub community: CommunityCode,
    /// The building's QR token, when reported from its code.
    pub building_token: Option<String>,
    /// The building, when the channel knows its id (Open311's `address_id`).
    pub building_id: Option<Uuid>,
    /// The house in the building, when the reporter picked one.
    pub house_id: Option<Uuid>,
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
    /// Values for the category's extra fields, by field code.
    pub attributes: crate::domain::events::field::Given,
}

impl NewReport {
    /// A report in `community` with nothing else said yet.
    pub fn in_community(community: CommunityCode) -> NewReport {
        NewReport {
            category: String::new(),
            text: String::new(),
            community,
            building_token: None,
            building_id: None,
            house_id: None,
            address: None,
            position: None,
            reporter_email: None,
            photos: Vec::new(),
            reporter_name: String::new(),
            reporter_phone: None,
            source: String::new(),
            attributes: Default::default(),
        }
    }
}

/// Reports one address may file per hour without signing in.
pub const REPORTS_PER_HOUR: i64 = 10;
/// The limit they are counted under.
pub const ANONYMOUS_REPORTS: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "report", max: REPORTS_PER_HOUR, window_minutes: 60 };

impl App {
    /// A community by code (cached briefly: every report looks one up).
    pub(crate) async fn community(
        &self,
        code: &CommunityCode,
    ) -> Result<Option<linli_store::registry::region::RegionRow>> {
        let code = code.as_str();
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

    /// Takes a report in; returns the event's id and tracking code.
    pub async fn report_event(&self, actor: &Actor, account: Option<Uuid>, r: NewReport) -> Result<(Uuid, String)> {
        if !SOURCES.contains(&r.source.as_str()) {
            return Err(Error::invalid("source", Reason::UnknownSource { sources: &SOURCES }));
        }
        let kind = self
            .category(&r.category)
            .await?
            .filter(|c| c.active)
            .ok_or_else(|| Error::invalid("category", Reason::NoSuchCategory))?;
        let category = kind.name.clone();
        let attributes =
            crate::domain::events::field::check_values(&kind.fields, &r.attributes).map_err(|problem| {
                let name = kind.fields.iter().find(|f| f.code == problem.code()).map_or(problem.code(), |f| &f.name);
                Error::invalid("attributes", Reason::FieldValue { name: name.to_owned(), problem: problem.clone() })
            })?;
        // What staff, handlers and Open311 clients read back: no control
        // characters (beyond line breaks) nor direction overrides.
        for (field, value) in [("text", r.text.as_str()), ("name", r.reporter_name.as_str())] {
            if value.chars().any(unprintable) {
                return Err(Error::invalid(field, Reason::Unprintable));
            }
        }
        if r.reporter_name.trim().chars().count() > 32 {
            return Err(Error::invalid("name", Reason::ReporterName { max: 32 }));
        }
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
            return Err(Error::invalid("text", Reason::ReportText));
        }
        // A person not signed in leaves a phone so that they can be called
        // back; machine clients and staff answer for their reporters.
        if account.is_none() && r.reporter_phone.is_none() && matches!(r.source.as_str(), "phone" | "qr") {
            return Err(Error::invalid("phone", Reason::PhoneForCallBack));
        }
        if let Some((lat, lon)) = r.position
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            return Err(Error::invalid("lat", Reason::PositionOutOfRange));
        }
        let email = r.reporter_email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email
            && (e.len() > 254 || !e.contains('@') || e.contains(char::is_whitespace))
        {
            return Err(Error::invalid("email", Reason::Email));
        }
        let community =
            self.community(&r.community).await?.ok_or_else(|| Error::invalid("community", Reason::ChooseCommunity))?;
        let photos = self.clean_photos(r.photos).await?;
        let building = match (&r.building_token, r.building_id) {
            (Some(token), _) => Some(
                linli_store::registry::building::building_by_token(self.db(), &r.community, token)
                    .await?
                    .ok_or(Error::NotFound("building"))?,
            ),
            (None, Some(id)) => Some(
                linli_store::registry::building::building_card(self.db(), &community.code, id)
                    .await?
                    .ok_or_else(|| Error::invalid("building_id", Reason::BuildingNotInCommunity))?,
            ),
            (None, None) => None,
        };
        let house = match (&building, r.house_id) {
            (Some(b), Some(h)) => Some(self.house_in(&community.code, b.id, h).await?),
            (None, Some(_)) => return Err(Error::invalid("house", Reason::HouseNotInBuilding)),
            (_, None) => None,
        };
        let address = match &building {
            Some(b) => Some(match house {
                Some(h) => format!("{}{} {h}", community.short_name, b.name),
                None => format!("{}{}", community.short_name, b.name),
            }),
            None => {
                r.address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(|a| a.chars().take(200).collect())
            }
        };
        // A report with a position but no building is placed in the grid
        // whose boundary holds it, when that grid is the community's.
        let grid_code = match (&building, r.position) {
            (Some(b), _) => Some(b.grid_code.clone()),
            (None, Some((lat, lon))) => self.grid_at((lon, lat), &community.code).await?,
            (None, None) => None,
        };
        let (route, routed_to) = self.route_named(&community.code, &r.category).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let code = format!("E{}", &Uuid::new_v4().simple().to_string()[..10].to_ascii_uppercase());
        let name = r.reporter_name.trim();
        let mut row = EventRow {
            community_id: community.code.clone(),
            id,
            code: code.clone(),
            category_code: r.category.clone(),
            state: State::Reported.as_str().into(),
            source: r.source.clone(),
            grid_code,
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
            unit_id: None,
            assignee_id: None,
            suggested_unit_id: match route {
                Route::Dispatch { unit, .. } | Route::Suggest(unit) => Some(unit),
                Route::Nobody => None,
            },
            rating_token_hash: None,
            rating_source: None,
            attributes: (!attributes.is_empty())
                .then(|| serde_json::to_string(&attributes).expect("values are plain strings")),
        };
        let step =
            |action: &str, from: Option<State>, to: State, note: Option<String>, public: bool, label: &str| StepRow {
                community_id: community.code.clone(),
                id: Uuid::now_v7(),
                event_id: id,
                at: now,
                actor: label.to_owned(),
                action: action.into(),
                from_state: from.map(|s| s.as_str().into()),
                to_state: to.as_str().into(),
                note,
                public,
                took_secs: from.map(|_| 0),
            };
        let reported = format!("{category}（{}）", source_zh(&r.source));
        let mut steps = vec![step("report", None, State::Reported, Some(reported), true, &actor.name)];
        let detail = json!({ "category": r.category, "source": r.source, "photos": photos.len() });
        let mut audit = vec![(actor.clone(), "event.report", detail)];
        let mut messages = Vec::new();
        let mut receipt = format!("已收到您反映的问题（{category}），查询码 {code}，可凭查询码查看进展。");
        // A certain rule: the report enters accepted and dispatched to the
        // unit in the same transaction, the workflow deciding each step as
        // it does for staff, and routing named on the timeline. Writing it
        // with the report (not in two transactions after it) keeps intake
        // at its rate and never leaves a routed report half-dispatched.
        if let (Route::Dispatch { unit, hours }, Some(unit_name)) = (route, routed_to) {
            let hours = hours.unwrap_or_else(|| u32::try_from(kind.hours).unwrap_or(24));
            let routing = Actor { role: "system".into(), ..Actor::system(ROUTING, &actor.ip) };
            let mut state = State::Reported;
            for action in [Action::Accept, Action::Dispatch { hours }] {
                let next = apply(state, &action).map_err(|e| Error::invalid("action", Reason::Event(e)))?;
                let note = matches!(action, Action::Dispatch { .. }).then(|| format!("{unit_name}，{hours} 小时内"));
                steps.push(step(action.name(), Some(state), next.next, note.clone(), next.public, ROUTING));
                let detail = json!({ "from": state.as_str(), "to": next.next.as_str(), "note": note, "rework": false, "photos": 0 });
                audit.push((
                    routing.clone(),
                    if next.new_deadline.is_some() { "event.dispatch" } else { "event.accept" },
                    detail,
                ));
                state = next.next;
            }
            row.state = state.as_str().into();
            row.unit_id = Some(unit);
            row.handler = Some(unit_name.chars().take(64).collect());
            row.deadline_from = Some(now);
            row.deadline_hours = Some(i64::from(hours));
            // One message to the reporter, not one per step.
            receipt =
                format!("已收到您反映的问题（{category}），已交{unit_name}办理，查询码 {code}，可凭查询码查看进展。");
            let text = format!("新派诉求 {code}：{}（{hours} 小时内办结）", row.text);
            messages.push(message(&row, "inbox", format!("unit:{unit}"), format!("诉求 {code}"), text, now));
        }
        // The reporter hears at once that it arrived, with the code to follow it.
        if let Some((channel, to)) = reporter_address(&row) {
            let receipt = format!("{receipt}查看：{}", self.link(&format!("/track/{code}")));
            messages.insert(0, message(&row, channel, to, format!("诉求 {code}"), receipt, now));
        }
        let (photos, files) = self.write_photos(&steps[0], photos).await?;
        let intake = crate::app::events::intake::Intake { event: row, steps, messages, photos, audit };
        if let Err(e) = self.intake().submit(intake).await {
            forget_files(&files).await;
            return Err(e.into());
        }
        Ok((id, code))
    }
}
