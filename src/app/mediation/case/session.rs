//! Mediation sessions: recorded after they were held, or scheduled ahead in a room.

use super::*;
use crate::app::refusal::CaseRefusal;

impl App {
    /// Records a mediation session (its minutes are the session's step).
    pub async fn hold_session(&self, user: &User, ip: &str, id: Uuid, s: NewSession) -> Result<SessionRow> {
        let row = store::case(self.db(), id).await?.ok_or(Error::NotFound("case"))?;
        if !self.opens(user, &row).await? {
            return Err(Error::NotFound("case"));
        }
        if !keeps_cases(user, &row.community_id) && !self.opens_as_unit(user, &row).await? {
            return Err(Error::Forbidden);
        }
        self.hold_session_by(&user.actor(ip), row, s).await
    }

    /// Records a session on an actor's say (the demo).
    pub(crate) async fn hold_session_by(&self, actor: &Actor, row: CaseRow, s: NewSession) -> Result<SessionRow> {
        let now = Utc::now();
        let held_at = s.held_at.ok_or(Error::invalid("held_at", Reason::Cases(CaseRefusal::MediationWhen)))?;
        if held_at > now + chrono::Duration::minutes(5) || held_at < now - chrono::Duration::days(366) {
            return Err(Error::invalid("held_at", Reason::Cases(CaseRefusal::MediationWhen)));
        }
        let planned = match s.planned {
            Some(p) => Some(
                store::sessions(self.db(), &row.community_id, row.id)
                    .await?
                    .into_iter()
                    .find(|x| x.id == p && x.minutes.is_empty())
                    .ok_or(Error::invalid("planned", Reason::Cases(CaseRefusal::MediationChangedMeanwhile)))?,
            ),
            None => None,
        };
        let place = match (text(&s.place), &planned) {
            (p, Some(x)) if p.is_empty() => x.place.clone(),
            (p, _) => p,
        };
        let (participants, minutes) = (text(&s.participants), text(&s.minutes));
        if !length_within(&place, 1, 60) {
            return Err(Error::invalid("place", Reason::Cases(CaseRefusal::MediationSession)));
        }
        if !length_within(&participants, 1, 300) {
            return Err(Error::invalid("participants", Reason::Cases(CaseRefusal::MediationSession)));
        }
        if !length_within(&minutes, 1, 4000) {
            return Err(Error::invalid("minutes", Reason::Cases(CaseRefusal::MediationSession)));
        }
        let (court, judge, video) = (text(&s.court), text(&s.judge), s.video.trim().to_owned());
        let court_session = !court.is_empty() || !judge.is_empty() || !video.is_empty();
        if court_session && (!length_within(&court, 2, 60) || !length_within(&judge, 2, 40)) {
            return Err(Error::invalid("court", Reason::Cases(CaseRefusal::MediationCourt)));
        }
        // A web address to open the video from (no video is built in).
        let web = |v: &str| {
            let lower = v.to_ascii_lowercase();
            let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or("");
            !rest.is_empty() && !rest.starts_with('/') && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        };
        if !video.is_empty() && (video.len() > 300 || !web(&video)) {
            return Err(Error::invalid("video", Reason::Cases(CaseRefusal::MediationVideo)));
        }
        let opt = |v: String| if v.is_empty() { None } else { Some(v) };
        let session = SessionRow {
            community_id: row.community_id.clone(),
            case_id: row.id,
            id: planned.as_ref().map_or_else(Uuid::now_v7, |p| p.id),
            held_at,
            place,
            participants,
            minutes: minutes.clone(),
            court: opt(court),
            judge: opt(judge),
            video: opt(video),
            recorded_by: actor.name.chars().take(60).collect(),
            created_at: now,
            booking_id: planned.and_then(|p| p.booking_id),
        };
        self.act_by(actor, row, Action::Session { minutes }, Some(session.clone())).await?;
        Ok(session)
    }

    /// Schedules a session ahead in one of the centre's rooms: the room is
    /// booked (场地预约, refused when taken) and the session waits for its
    /// minutes. While the case is accepted or being mediated.
    pub async fn schedule_session(&self, user: &User, ip: &str, id: Uuid, s: NewSchedule) -> Result<SessionRow> {
        let row = store::case(self.db(), id).await?.ok_or(Error::NotFound("case"))?;
        if !self.opens(user, &row).await? {
            return Err(Error::NotFound("case"));
        }
        if !keeps_cases(user, &row.community_id) {
            return Err(Error::Forbidden);
        }
        let (_, state) = kind_of(&row)?;
        if !matches!(state, State::Accepted | State::Mediating) {
            let refused = case::Refused::NotNow { state, action: "schedule" };
            return Err(Error::invalid("action", Reason::Cases(CaseRefusal::MediationRefused(refused))));
        }
        let room_id = s.room.ok_or(Error::invalid("room", Reason::Cases(CaseRefusal::MediationRoom)))?;
        let room = self
            .room(user, room_id)
            .await
            .map_err(|_| Error::invalid("room", Reason::Cases(CaseRefusal::MediationRoom)))?;
        if room.community_id != row.community_id {
            return Err(Error::invalid("room", Reason::Cases(CaseRefusal::MediationRoom)));
        }
        let participants = text(&s.participants);
        if !length_within(&participants, 1, 300) {
            return Err(Error::invalid("participants", Reason::Cases(CaseRefusal::MediationSession)));
        }
        let booking = crate::app::life::room::NewBooking {
            day: s.day,
            start: s.start,
            end: s.end,
            purpose: format!("矛盾纠纷调解 {}", row.number),
            association: None,
            repeat: None,
        };
        let booked = self.book_room(user, ip, room_id, booking).await?;
        let b =
            booked.made.into_iter().next().ok_or(Error::invalid("start", Reason::Cases(CaseRefusal::MediationRoom)))?;
        let now = Utc::now();
        let session = SessionRow {
            community_id: row.community_id.clone(),
            case_id: row.id,
            id: Uuid::now_v7(),
            held_at: b.starts_at,
            place: room.name.chars().take(60).collect(),
            participants,
            minutes: String::new(),
            court: None,
            judge: None,
            video: None,
            recorded_by: user.account.shown_name().chars().take(60).collect(),
            created_at: now,
            booking_id: Some(b.id),
        };
        let mut tx = self.db().begin().await?;
        store::add_session(&mut tx, &session).await?;
        let step = StepRow {
            community_id: row.community_id.clone(),
            case_id: row.id,
            id: Uuid::now_v7(),
            action: "schedule".into(),
            state: row.state.clone(),
            text: format!("{} {}", time::zone().month_day_minute(b.starts_at), session.place),
            by_name: session.recorded_by.clone(),
            at: now,
        };
        store::add_step(&mut tx, &step).await?;
        let detail = json!({ "number": row.number, "booking": b.id });
        record(&mut tx, &user.actor(ip), "mediation.schedule", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(session)
    }
}
