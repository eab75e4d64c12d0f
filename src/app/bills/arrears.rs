//! Arrears (欠费): the houses that owe, and reminders (催缴) sent at most
//! once a day.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;
use crate::domain::registry::region::{CommunityCode, GridCode};

impl App {
    /// Houses of a community (under a grid, if given) that owe money, most
    /// first: for staff of the community and the grid's workers.
    pub async fn arrears(
        &self,
        user: &User,
        community: &CommunityCode,
        grid: Option<&GridCode>,
    ) -> Result<Vec<linli_store::bills::arrears::ArrearRow>> {
        let community = community.as_str();
        let grid = grid.map(GridCode::as_str);
        let under = Self::arrears_under(user, community, grid)?;
        Ok(linli_store::bills::arrears::arrears(self.db(), community, Some(&under)).await?)
    }

    /// The region an arrears list covers: the grid or community asked for,
    /// narrowed to the caller's scope.
    fn arrears_under(user: &User, community: &str, grid: Option<&str>) -> Result<String> {
        let scope = crate::app::registry::household::read_scope(user);
        let grid = grid.map(str::trim).filter(|g| !g.is_empty());
        if let Some(g) = grid
            && (!g.starts_with(community) || !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid("grid", Reason::GridOutsideCommunity));
        }
        let asked = grid.unwrap_or(community);
        // Within scope: the caller's scope covers what was asked, or what was
        // asked lies inside the caller's (narrower) scope — then only that.
        if scope.iter().any(|p| asked.starts_with(p.as_str())) {
            Ok(asked.to_owned())
        } else if let Some(p) = scope.iter().find(|p| p.starts_with(asked)) {
            Ok(p.clone())
        } else {
            Err(Error::NotFound("community"))
        }
    }

    /// Sends a payment reminder (催缴) by SMS to a reachable person of each
    /// house in arrears (under a grid, if given), once a day at most;
    /// returns how many went.
    pub async fn remind_arrears(
        &self,
        user: &User,
        ip: &str,
        community: &CommunityCode,
        grid: Option<&GridCode>,
    ) -> Result<usize> {
        let community = community.as_str();
        let grid = grid.map(GridCode::as_str);
        let under = Self::arrears_under(user, community, grid)?;
        if !works(user, &under) {
            return Err(Error::Forbidden);
        }
        let rows = linli_store::bills::arrears::arrears(self.db(), community, Some(&under)).await?;
        let now = Utc::now();
        // Once a day: not to those reminded since the local midnight.
        let midnight = crate::domain::time::day_bounds(crate::domain::time::day(now)).0;
        let today = linli_store::notify::outbox::notified_since(self.db(), community, "缴费提醒", midnight).await?;
        let mut tx = self.db().begin().await?;
        let mut sent = 0;
        for r in &rows {
            let Some((person, name)) = linli_store::bills::house::reachable_in_house(self.db(), community, r.house_id)
                .await?
                .into_iter()
                .next()
            else {
                continue;
            };
            if today.contains(&format!("person:{community}:{person}")) {
                continue;
            }
            let n = linli_store::notify::outbox::Notification {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("person:{community}:{person}"),
                subject: "缴费提醒".into(),
                body: format!(
                    "{name}您好：{} {}-{} 自 {} 起有 {} 笔费用未缴，共 {}。可在社区服务中心、自助终端或“我的账单”缴纳。",
                    r.building,
                    r.unit,
                    r.room,
                    r.since,
                    r.bills,
                    Fen::new(r.owed)
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
            sent += 1;
        }
        let detail = json!({ "grid": grid, "houses": rows.len(), "sent": sent });
        record(&mut tx, &user.actor(ip), "bill.remind", community, detail).await?;
        tx.commit().await?;
        Ok(sent)
    }
}
