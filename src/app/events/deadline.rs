//! The deadline check (督办): alerts as an event on the clock nears and
//! passes its deadline, each sent once.

use chrono::{DateTime, Utc};
use linli_store::events::timeline::StepRow;
use uuid::Uuid;

use crate::app::events::event::message;
use crate::app::{App, Result};
use crate::domain::events::event::{Deadline, State, Urgency};

impl App {
    /// The deadline check (督办): for every event on the clock, each alert
    /// its deadline has reached — warning the handler at 80%, the community
    /// head when overdue, the street later — is claimed and, if this call
    /// claimed it, written to the outbox and the timeline. Run again, after
    /// a restart, or by a second server at once, nothing is sent twice.
    /// Returns how many alerts this call sent.
    pub async fn check_deadlines(&self, now: DateTime<Utc>) -> Result<usize> {
        let states = [State::Dispatched.as_str(), State::InProgress.as_str()];
        let mut sent = 0;
        for e in linli_store::events::event::on_the_clock(self.db(), &states).await? {
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
                if !linli_store::events::event::claim_alert(&mut tx, &e, kind, from, now).await? {
                    tx.rollback().await?;
                    continue;
                }
                if level == Urgency::Overdue {
                    linli_store::events::event::mark_late(&mut tx, &e.community_id, e.id).await?;
                }
                let due = crate::domain::time::zone().month_day_minute(deadline.due());
                let body = format!("{}：{}（处置：{handler}，时限 {}）", subject, e.text, due);
                linli_store::notify::outbox::notify(
                    &mut tx,
                    &message(&e, "inbox", recipient, subject.clone(), body, now),
                )
                .await?;
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
                linli_store::events::timeline::add_step(&mut tx, &step).await?;
                tx.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }
}
