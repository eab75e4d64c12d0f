//! Deadlines of cases: warnings to the keeper, escalation to the head.

use super::*;

/// Days before a case's due date its keeper is warned.
pub(super) const WARN_DAYS: i64 = 2;

impl App {
    /// Warns a case's keeper two days before its due date and tells the
    /// community head once it has passed (督办), each once per due date,
    /// even with two servers. Returns how many were sent.
    pub async fn check_case_deadlines(&self, now: DateTime<Utc>) -> Result<usize> {
        let today = time::day(now);
        let mut sent = 0;
        for row in store::running(self.db()).await? {
            let Some(due) = due_of(&row) else { continue };
            let (column, recipient, subject) = if due < today {
                if row.escalated_for == Some(due) {
                    continue;
                }
                ("escalated_for", format!("role:community_head@{}", row.community_id), "调解案件已超期")
            } else if due <= today + chrono::Duration::days(WARN_DAYS) {
                if row.warned_for == Some(due) {
                    continue;
                }
                ("warned_for", format!("account:{}", row.keeper_id), "调解案件即将到期")
            } else {
                continue;
            };
            let mut tx = self.db().begin().await?;
            if !store::claim_deadline(&mut tx, &row, column, due).await? {
                tx.rollback().await?;
                continue;
            }
            let n = Notification {
                community_id: row.community_id.clone(),
                id: Uuid::now_v7(),
                channel: "inbox".into(),
                recipient,
                subject: subject.into(),
                body: format!("{subject}：案件 {}（承办人 {}）应于 {due} 前办结。", row.number, row.keeper_name),
                event_id: None,
                created_at: now,
                sent_at: Some(now),
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
            tx.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }
}

pub(super) fn listed(row: CaseRow, opens: bool) -> Listed {
    let due = due_of(&row);
    let overdue = due.is_some_and(|d| d < time::day(Utc::now()));
    Listed { row, opens, due, overdue }
}

/// A high-risk case's alerts: the community head's inbox and the police
/// office's (every police unit covering the community reads `unit:` notes;
/// the role address reaches the head whoever they are).
pub(super) fn alerts(row: &CaseRow, community: &str, now: DateTime<Utc>) -> Vec<Notification> {
    let body = format!("{community}登记了{}风险矛盾纠纷案件 {}，请及时研判处置。", risk_zh(&row.risk), row.number);
    let mut to = vec![format!("role:community_head@{}", row.community_id)];
    to.extend(units_of(row).iter().map(|u| format!("unit:{u}")));
    to.into_iter()
        .map(|recipient| Notification {
            community_id: row.community_id.clone(),
            id: Uuid::now_v7(),
            channel: "inbox".into(),
            recipient,
            subject: "高风险矛盾纠纷预警".into(),
            body: body.clone(),
            event_id: None,
            created_at: now,
            sent_at: None,
        })
        .collect()
}

pub(super) fn risk_zh(code: &str) -> &'static str {
    match code {
        "major" => "重大",
        "high" => "高",
        "medium" => "中",
        _ => "低",
    }
}
