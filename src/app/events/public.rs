//! Events as the public sees them: an Open311 client, or the reporter
//! following their report by tracking code — no name, phone or internal step.

use chrono::{DateTime, Utc};
use linli_store::events::event::EventRow;
use uuid::Uuid;

use crate::app::events::category::Category;
use crate::app::{App, Error, Result};
use crate::domain::events::event::{Action, State};

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

/// A tracking code as people copy it from an SMS (spaces, dashes, any
/// case), as it is stored.
pub fn tracking_code(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase()
}

impl App {
    async fn public_view(&self, row: EventRow, categories: &[Category]) -> Result<PublicEvent> {
        let state = State::parse(&row.state).ok_or_else(|| Error::unknown_state(&row.state))?;
        let steps = linli_store::events::timeline::steps(self.db(), &row.community_id, row.id).await?;
        let note =
            steps.iter().rev().filter(|s| s.public && Action::note_is_public(&s.action)).find_map(|s| s.note.clone());
        let photo = linli_store::events::photo::photos(self.db(), &row.community_id, row.id)
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
            public: false,
            fields: Vec::new(),
        });
        let due = match (state.on_the_clock(), row.deadline_from, row.deadline_hours) {
            (true, Some(from), Some(hours)) => Some(from + chrono::Duration::hours(hours)),
            _ => None,
        };
        Ok(PublicEvent { row, state, category, note, due, photo })
    }

    /// One event by tracking code, as the public sees it.
    pub async fn public_event(&self, code: &str) -> Result<PublicEvent> {
        let row = linli_store::events::event::by_code(self.db(), code.trim()).await?.ok_or(Error::NotFound("event"))?;
        self.public_view(row, &self.categories().await?).await
    }

    /// Events of a region (every region: none) that match, as the public
    /// sees them, newest first.
    pub async fn public_events(
        &self,
        region: Option<&crate::domain::registry::region::RegionCode>,
        find: &linli_store::events::event::Find,
        limit: u64,
    ) -> Result<Vec<PublicEvent>> {
        let prefixes = vec![region.map_or("", |r| r.prefix()).to_owned()];
        let categories = self.categories().await?;
        let mut out = Vec::new();
        for row in linli_store::events::event::find(self.db(), &prefixes, find, limit).await? {
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

    /// What the reporter sees by tracking code: the public steps only.
    pub async fn track_event(&self, code: &str) -> Result<Tracked> {
        let code = tracking_code(code);
        let row = linli_store::events::event::by_code(self.db(), &code).await?.ok_or(Error::NotFound("event"))?;
        let state = State::parse(&row.state).ok_or_else(|| Error::unknown_state(&row.state))?;
        let steps = linli_store::events::timeline::steps(self.db(), &row.community_id, row.id).await?;
        let photos = linli_store::events::photo::photos(self.db(), &row.community_id, row.id).await?;
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
                    let note = s.note.filter(|_| Action::note_is_public(&s.action));
                    (s.at, zh, note, shown)
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod code_tests {
    #[test]
    fn a_code_is_read_as_people_copy_it() {
        assert_eq!(super::tracking_code(" ef18 1ca2-a27 "), "EF181CA2A27");
        assert_eq!(super::tracking_code(""), "");
    }
}
