//! The service hall's big screen (大屏): what is happening in a community
//! today, for anyone in the hall to read — so nothing on it names a person
//! or places anyone below their grid: events by category, grid and state;
//! wishes by their title; activities and bookings by place and time; this
//! month's 三零 figures. Each list is a fixed window (the newest few), so a
//! screen that refreshes for days holds the same amount.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use linli_store::dashboard::{self as store, EventTime};
use linli_store::events::event::Find;

use crate::app::{App, Error, Result};
use crate::domain::mediation::zero::Month;
use crate::domain::registry::region::{CommunityCode, RegionCode};
use crate::domain::time;

/// How many of each list the screen holds.
pub const WINDOW: usize = 8;

/// An event as the hall sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallEvent {
    /// When it was reported.
    pub at: DateTime<Utc>,
    /// Its category's name.
    pub category: String,
    /// Its grid's name (empty when not placed in one).
    pub grid: String,
    /// Its state as stored.
    pub state: String,
}

/// Something on in the centre this week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallSlot {
    /// What (an activity's title, or the room booked).
    pub what: String,
    /// Where (the activity's place; empty for a booking).
    pub place: String,
    /// From.
    pub starts_at: DateTime<Utc>,
    /// Until.
    pub ends_at: DateTime<Utc>,
}

/// A wish as the hall sees it: its kind and where it stands, never its
/// words (a resident may have typed a name, an address or a phone there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallWish {
    /// Needed by.
    pub needed_by: NaiveDate,
    /// Its category as stored.
    pub category: String,
    /// Its state as stored.
    pub status: String,
}

/// The big screen's figures.
#[derive(Debug, Clone)]
pub struct Screen {
    /// The community's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The local day.
    pub today: NaiveDate,
    /// Reported today.
    pub reported_today: i64,
    /// Closed today.
    pub closed_today: i64,
    /// Open now.
    pub open: i64,
    /// Open and overdue.
    pub overdue: i64,
    /// Today's newest events.
    pub events: Vec<HallEvent>,
    /// The wall's newest wishes.
    pub wishes: Vec<HallWish>,
    /// This week's activities, soonest first.
    pub activities: Vec<HallSlot>,
    /// This week's room bookings, soonest first.
    pub bookings: Vec<HallSlot>,
    /// This month's 三零 figures.
    pub zero: Month,
}

impl App {
    /// The big screen of a community, for anyone (no personal data).
    pub async fn screen(&self, community: &CommunityCode) -> Result<Screen> {
        let code = community.as_str().to_owned();
        let region = linli_store::registry::region::get(self.db(), &code).await?.ok_or(Error::RegionNotFound)?;
        let prefixes = vec![code.clone()];
        let now = Utc::now();
        let zone = time::zone();
        let today = zone.day(now);
        let (start, end) = zone.day_bounds(today);
        let db = self.db();
        let reported = store::events_per_period(db, &prefixes, EventTime::Reported, &[start, end]).await?;
        let closed = store::events_per_period(db, &prefixes, EventTime::Closed, &[start, end]).await?;
        let open = super::open_states();
        let by_state = linli_store::events::event::count_by_state(db, &prefixes, false).await?;
        let late = linli_store::events::event::count_by_state(db, &prefixes, true).await?;
        let sum =
            |rows: &[(String, i64)]| -> i64 { rows.iter().filter(|(s, _)| open.contains(s)).map(|(_, n)| n).sum() };
        // Only the categories listed publicly (as Open311 lists them): a
        // neighbours' dispute or a safety hazard is nobody's business in the hall.
        let public: Vec<String> = self.categories().await?.into_iter().filter(|c| c.public).map(|c| c.code).collect();
        let find = Find { from: Some(start), categories: public.clone(), ..Find::default() };
        let rows = if public.is_empty() {
            Vec::new()
        } else {
            linli_store::events::event::find(db, &prefixes, &find, WINDOW as u64).await?
        };
        let grid_codes: Vec<&str> = rows.iter().filter_map(|e| e.grid_code.as_deref()).collect();
        let grids = linli_store::registry::region::get_many(db, &grid_codes).await?;
        let mut events = Vec::with_capacity(rows.len());
        for e in rows {
            let category = self.category_name(&e.category_code).await?.unwrap_or_default();
            let grid = e
                .grid_code
                .as_deref()
                .and_then(|g| grids.iter().find(|r| r.code == g))
                .map_or_else(String::new, |r| r.name.clone());
            events.push(HallEvent { at: e.created_at, category, grid, state: e.state });
        }
        let wishes = self
            .public_wall(&code)
            .await?
            .into_iter()
            .take(WINDOW)
            .map(|w| HallWish { needed_by: w.needed_by, category: w.category, status: w.status })
            .collect();
        let week = now + Duration::days(7);
        let activities = self
            .public_activities(&code)
            .await?
            .into_iter()
            .filter(|a| a.cancelled_at.is_none() && a.starts_at < week)
            .take(WINDOW)
            .map(|a| HallSlot { what: a.title, place: a.place, starts_at: a.starts_at, ends_at: a.ends_at })
            .collect();
        let mut bookings = Vec::new();
        for room in linli_store::life::room::in_communities(db, std::slice::from_ref(&code)).await? {
            for b in linli_store::life::room::between(db, room.id, now, week).await? {
                if b.status == "confirmed" {
                    bookings.push(HallSlot {
                        what: room.name.clone(),
                        place: String::new(),
                        starts_at: b.starts_at,
                        ends_at: b.ends_at,
                    });
                }
            }
        }
        bookings.sort_by_key(|b| b.starts_at);
        bookings.truncate(WINDOW);
        let region_code = RegionCode::parse(&code).map_err(|_| Error::RegionNotFound)?;
        let zero = match self.zero_of(&region_code, today.year()).await {
            Ok(y) => y.total[today.month0() as usize],
            Err(Error::NotFound(_)) => Month::default(),
            Err(e) => return Err(e),
        };
        Ok(Screen {
            code,
            name: region.name,
            today,
            reported_today: reported.first().copied().unwrap_or(0),
            closed_today: closed.first().copied().unwrap_or(0),
            open: sum(&by_state),
            overdue: sum(&late),
            events,
            wishes,
            activities,
            bookings,
            zero,
        })
    }
}
