//! The reporter's own 回访: the one-time link sent when an event is closed
//! lets her say how it went without signing in (不满意 sends it back to
//! work, as a staff 回访 does).

use super::event::{REPORTER, Target};
use crate::app::access::audit::Actor;
use crate::app::{App, Error, Result};
use crate::domain::events::event::Action;

/// Ratings by link per address and hour: the link's token cannot be
/// guessed, and trying many is a flood.
pub const RATINGS: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "rating", max: 30, window_minutes: 60 };

impl App {
    /// The reporter says how it went, through the one-time link sent when
    /// the event was closed: 满意, 基本满意 or 不满意 (which sends it back
    /// to work, as a staff 回访 does), with a comment. The link works once.
    pub async fn rate_by_link(
        &self,
        ip: &str,
        code: &str,
        token: &str,
        satisfaction: crate::domain::events::event::Satisfaction,
        comment: &str,
    ) -> Result<()> {
        if self.reserve(&RATINGS, ip).await?.is_err() {
            return Err(Error::TooMany);
        }
        let code = code.trim().to_ascii_uppercase();
        if code.len() > 32 || token.len() > 128 {
            return Err(Error::NotFound("rating"));
        }
        let hash = crate::app::system::keys::sha256_hex(token);
        let row = linli_store::events::event::by_rating_token(self.db(), &code, &hash)
            .await?
            .ok_or(Error::NotFound("rating"))?;
        let comment: String = comment.trim().chars().take(500).collect();
        let actor = Actor { role: "reporter".into(), ..Actor::system(REPORTER, ip) };
        let view = self.bare_view(row.clone()).await?;
        let typed = (!comment.is_empty()).then_some(comment.as_str());
        self.apply_action(view, &actor, REPORTER, Action::Visit(satisfaction), (&Target::default(), typed), Vec::new())
            .await?;
        if satisfaction == crate::domain::events::event::Satisfaction::Unsatisfied {
            let row = linli_store::events::event::by_id(self.db(), &row.community_id, row.id)
                .await?
                .ok_or(Error::NotFound("event"))?;
            let view = self.bare_view(row).await?;
            let reason =
                if comment.chars().count() >= 2 { comment.clone() } else { "报告人对处理结果不满意".into() };
            self.apply_action(
                view,
                &actor,
                REPORTER,
                Action::Reopen { reason },
                (&Target::default(), None),
                Vec::new(),
            )
            .await?;
        }
        Ok(())
    }

    /// Whether a 回访 link is still good (for the page before it is used).
    pub async fn rating_link_open(&self, code: &str, token: &str) -> Result<bool> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() > 32 || token.len() > 128 {
            return Ok(false);
        }
        let hash = crate::app::system::keys::sha256_hex(token);
        Ok(linli_store::events::event::by_rating_token(self.db(), &code, &hash).await?.is_some())
    }
}
