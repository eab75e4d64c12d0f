//! An elder's booking grid: the meals of the coming days, as a family books them.

use super::*;

/// A meal on a booking grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The day.
    pub day: NaiveDate,
    /// The meal.
    pub meal: Meal,
    /// Booked for the elder.
    pub booked: bool,
    /// Still open to book or cancel.
    pub open: bool,
    /// What it serves (the hot dishes, else any).
    pub dishes: Vec<String>,
}

/// An elder's meals for the next days: a row per day, a column per meal
/// some day serves; `None` where that day does not serve it.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The elder.
    pub elder: ElderRow,
    /// How the user books for them.
    pub how: BookedAs,
    /// The columns.
    pub meals: Vec<Meal>,
    /// The rows.
    pub days: Vec<(NaiveDate, Vec<Option<GridCell>>)>,
    /// Each meal's price and cut-off, by [`Meal::ALL`].
    pub settings: [MealSetting; 3],
}

/// Days a booking grid shows.
pub const GRID_DAYS: i64 = 7;

impl App {
    /// An elder's booking grid for the next [`GRID_DAYS`] days, for whoever
    /// may book for them: the meals of published menus with their state.
    pub async fn booking_grid(&self, user: &User, elder: Uuid) -> Result<Grid> {
        let (e, how, bookings) = self.elder_bookings(user, elder).await?;
        let now = Utc::now();
        let today = time::zone().day(now);
        let local_now = time::zone().local(now).naive_local();
        let settings = self.meal_settings(&e.community_id).await?;
        let mut weeks: Vec<Week> = Vec::new();
        let mut rows = Vec::new();
        for i in 0..GRID_DAYS {
            let day = today + Duration::days(i);
            let monday = daycare::monday_of(day);
            if !weeks.iter().any(|w| w.monday == monday) {
                weeks.push(self.daycare_week(&e.community_id, monday).await?);
            }
            let week = weeks.iter().find(|w| w.monday == monday).filter(|w| w.published.is_some());
            let cells = Meal::ALL.map(|meal| {
                let week = week.filter(|w| w.serves(day, meal))?;
                let hot = week.cells.get(&(day, meal, Course::Hot)).filter(|d| !d.is_empty());
                let dishes = hot.cloned().unwrap_or_else(|| {
                    Course::ALL.iter().filter_map(|c| week.cells.get(&(day, meal, *c))).flatten().cloned().collect()
                });
                Some(GridCell {
                    day,
                    meal,
                    booked: bookings.iter().any(|b| b.day == day && b.meal == meal.code()),
                    open: settings[meal as usize].cutoff.open(day, local_now),
                    dishes,
                })
            });
            rows.push((day, cells));
        }
        let meals: Vec<Meal> =
            Meal::ALL.into_iter().filter(|m| rows.iter().any(|(_, cells)| cells[*m as usize].is_some())).collect();
        let days = rows
            .into_iter()
            .map(|(day, cells)| (day, meals.iter().map(|m| cells[*m as usize].clone()).collect()))
            .collect();
        Ok(Grid { elder: e, how, meals, days, settings })
    }
}
