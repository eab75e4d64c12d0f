//! Elderly day care (日间照料中心): meals, diets, the booking cut-off and
//! the central kitchen's daily totals.
//!
//! A booked meal is one plate of every dish of that meal; an elder's diets
//! (糖尿病, 软食, 低盐) tell the kitchen how to make it, so the totals count
//! each dish once per plate and again under each diet of the plate.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// A meal of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Meal {
    /// 早餐.
    Breakfast,
    /// 午餐.
    Lunch,
    /// 晚餐.
    Dinner,
}

impl Meal {
    /// In the order of the day.
    pub const ALL: [Meal; 3] = [Meal::Breakfast, Meal::Lunch, Meal::Dinner];

    /// As stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Meal::Breakfast => "breakfast",
            Meal::Lunch => "lunch",
            Meal::Dinner => "dinner",
        }
    }

    /// From its code.
    pub fn parse(text: &str) -> Option<Meal> {
        Meal::ALL.into_iter().find(|m| m.code() == text.trim())
    }

    /// Fen a centre charges until its staff set a price.
    pub fn default_price(self) -> i64 {
        match self {
            Meal::Breakfast => 300,
            Meal::Lunch => 1200,
            Meal::Dinner => 800,
        }
    }

    /// When bookings close until the staff set it: breakfast the evening
    /// before, lunch at 9:00 and dinner at 14:00 of the day — when the
    /// central kitchen takes the day's order.
    pub fn default_cutoff(self) -> Cutoff {
        Cutoff(match self {
            Meal::Breakfast => -6 * 60,
            Meal::Lunch => 9 * 60,
            Meal::Dinner => 14 * 60,
        })
    }
}

/// A course of a meal, as the menu on the canteen's wall lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Course {
    /// 凉菜.
    Cold,
    /// 热菜.
    Hot,
    /// 汤.
    Soup,
    /// 主食.
    Staple,
    /// 水果.
    Fruit,
}

impl Course {
    /// In the menu's order.
    pub const ALL: [Course; 5] = [Course::Cold, Course::Hot, Course::Soup, Course::Staple, Course::Fruit];

    /// As stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Course::Cold => "cold",
            Course::Hot => "hot",
            Course::Soup => "soup",
            Course::Staple => "staple",
            Course::Fruit => "fruit",
        }
    }

    /// From its code.
    pub fn parse(text: &str) -> Option<Course> {
        Course::ALL.into_iter().find(|c| c.code() == text.trim())
    }
}

/// A dietary need the kitchen cooks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Diet {
    /// 糖尿病餐: no added sugar, controlled starch.
    Diabetic,
    /// 软食: soft, for chewing difficulties.
    Soft,
    /// 低盐.
    LowSalt,
}

impl Diet {
    /// Every diet, in the kitchen sheet's order.
    pub const ALL: [Diet; 3] = [Diet::Diabetic, Diet::Soft, Diet::LowSalt];

    /// As stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Diet::Diabetic => "diabetic",
            Diet::Soft => "soft",
            Diet::LowSalt => "low_salt",
        }
    }

    /// From its code.
    pub fn parse(text: &str) -> Option<Diet> {
        Diet::ALL.into_iter().find(|d| d.code() == text.trim())
    }

    /// Its place in [`Diet::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The diets stored for an elder (`diabetic,soft`), unknown codes left out.
pub fn diets_of(stored: &str) -> Vec<Diet> {
    let mut out: Vec<Diet> = stored.split(',').filter_map(Diet::parse).collect();
    out.sort();
    out.dedup();
    out
}

/// The stored form of some diets.
pub fn diets_text(diets: &[Diet]) -> String {
    let mut d = diets.to_vec();
    d.sort();
    d.dedup();
    d.iter().map(|d| d.code()).collect::<Vec<_>>().join(",")
}

/// When bookings of a meal close: minutes from the meal day's midnight,
/// negative for the day before. From two days before until 20:00 of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff(i32);

impl Cutoff {
    /// The earliest: 00:00 two days before.
    pub const MIN: i32 = -2 * 24 * 60;
    /// The latest: 20:00 of the day.
    pub const MAX: i32 = 20 * 60;

    /// A cut-off within bounds.
    pub fn new(minutes: i32) -> Option<Cutoff> {
        (Self::MIN..=Self::MAX).contains(&minutes).then_some(Cutoff(minutes))
    }

    /// Minutes from the day's midnight.
    pub fn minutes(self) -> i32 {
        self.0
    }

    /// Days before the meal day (0 the same day) and the local time then.
    pub fn day_and_clock(self) -> (i32, chrono::NaiveTime) {
        let days_before = (-self.0).div_euclid(24 * 60) + i32::from((-self.0).rem_euclid(24 * 60) != 0);
        let days_before = if self.0 >= 0 { 0 } else { days_before };
        let rest = self.0 + days_before * 24 * 60;
        let clock = chrono::NaiveTime::from_hms_opt((rest / 60) as u32, (rest % 60) as u32, 0).unwrap_or_default();
        (days_before, clock)
    }

    /// From days before and a local time.
    pub fn from_day_and_clock(days_before: i32, clock: chrono::NaiveTime) -> Option<Cutoff> {
        use chrono::Timelike;
        Cutoff::new(-days_before * 24 * 60 + (clock.hour() * 60 + clock.minute()) as i32)
    }

    /// The local moment bookings of that day's meal close.
    pub fn deadline(self, day: NaiveDate) -> NaiveDateTime {
        day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(self.0))
    }

    /// Whether a meal of that day may still be booked or cancelled at a
    /// local moment.
    pub fn open(self, day: NaiveDate, now_local: NaiveDateTime) -> bool {
        now_local < self.deadline(day)
    }
}

/// The Monday of a day's week.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The most dishes one course of one meal lists.
pub const MAX_DISHES: usize = 6;

/// The longest dish name.
pub const MAX_DISH_CHARS: usize = 20;

/// A menu cell as typed (`红烧鱼、清炒时蔬`) made into dishes; `None` when
/// it lists too many dishes or a name too long.
pub fn dishes(cell: &str) -> Option<Vec<String>> {
    let names: Vec<String> = cell
        .split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .fold(Vec::new(), |mut seen: Vec<String>, d| {
            // A dish written twice is one dish.
            if !seen.contains(&d) {
                seen.push(d);
            }
            seen
        });
    let fits = names.len() <= MAX_DISHES && names.iter().all(|n| n.chars().count() <= MAX_DISH_CHARS);
    fits.then_some(names)
}

/// One dish on the kitchen's sheet for a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DishTotal {
    /// Its meal.
    pub meal: Meal,
    /// Its course.
    pub course: Course,
    /// The dish.
    pub dish: String,
    /// Plates in all.
    pub plates: u32,
    /// Plates with no diet.
    pub plain: u32,
    /// Plates under each diet of [`Diet::ALL`] (a plate may count under two).
    pub by_diet: [u32; 3],
}

/// One meal's plates on the kitchen's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlateCount {
    /// Plates in all.
    pub plates: u32,
    /// Plates with no diet.
    pub plain: u32,
    /// Plates under each diet of [`Diet::ALL`].
    pub by_diet: [u32; 3],
}

impl PlateCount {
    fn add(&mut self, diets: &[Diet]) {
        self.plates += 1;
        if diets.is_empty() {
            self.plain += 1;
        }
        for d in diets {
            self.by_diet[d.index()] += 1;
        }
    }
}

/// Plates per meal from a day's bookings: each booking's meal and the
/// booked elder's diets.
pub fn plates<'a>(bookings: impl IntoIterator<Item = (Meal, &'a [Diet])>) -> [PlateCount; 3] {
    let mut out = [PlateCount::default(); 3];
    for (meal, diets) in bookings {
        out[meal as usize].add(diets);
    }
    out
}

/// The kitchen's sheet: every dish of the day's menu with the plates of
/// its meal, in the menu's order.
pub fn kitchen_totals(menu: &[(Meal, Course, Vec<String>)], plates: &[PlateCount; 3]) -> Vec<DishTotal> {
    let mut cells: Vec<&(Meal, Course, Vec<String>)> = menu.iter().collect();
    cells.sort_by_key(|(m, c, _)| (*m, *c));
    let mut out = Vec::new();
    for (meal, course, names) in cells {
        let p = plates[*meal as usize];
        if p.plates == 0 {
            continue;
        }
        for dish in names {
            out.push(DishTotal {
                meal: *meal,
                course: *course,
                dish: dish.clone(),
                plates: p.plates,
                plain: p.plain,
                by_diet: p.by_diet,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_cutoff_closes_at_its_minute_the_day_before_or_the_same_day() {
        let lunch = Meal::Lunch.default_cutoff();
        assert!(lunch.open(day("2026-12-08"), at("2026-12-08 08:59")));
        assert!(!lunch.open(day("2026-12-08"), at("2026-12-08 09:00")));
        let breakfast = Meal::Breakfast.default_cutoff();
        assert_eq!(breakfast.deadline(day("2026-12-08")), at("2026-12-07 18:00"));
        assert!(breakfast.open(day("2026-12-08"), at("2026-12-07 17:59")));
        assert!(!breakfast.open(day("2026-12-08"), at("2026-12-07 18:00")));
        assert!(!breakfast.open(day("2026-12-08"), at("2026-12-08 07:00")));
    }

    #[test]
    fn a_cutoff_reads_back_as_days_before_and_a_clock() {
        for minutes in [Cutoff::MIN, -24 * 60 - 1, -24 * 60, -360, -1, 0, 540, Cutoff::MAX] {
            let c = Cutoff::new(minutes).unwrap();
            let (days, clock) = c.day_and_clock();
            assert_eq!(Cutoff::from_day_and_clock(days, clock), Some(c), "{minutes}: {days} {clock}");
        }
        assert_eq!(Cutoff::new(-360).unwrap().day_and_clock(), (1, chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap()));
        assert_eq!(Cutoff::new(Cutoff::MAX + 1), None);
        assert_eq!(Cutoff::new(Cutoff::MIN - 1), None);
    }

    #[test]
    fn a_menu_cell_splits_into_dishes_and_refuses_too_many_or_too_long() {
        assert_eq!(dishes(" 红烧鱼、清炒时蔬，\n 番茄炒蛋 ").unwrap(), ["红烧鱼", "清炒时蔬", "番茄炒蛋"]);
        assert_eq!(dishes("").unwrap(), Vec::<String>::new());
        assert_eq!(dishes("粥、粥、粥").unwrap(), ["粥"]);
        assert_eq!(dishes("a/b").unwrap(), ["a/b"]);
        assert!(dishes("一、二、三、四、五、六、七").is_none());
        assert!(dishes(&"长".repeat(MAX_DISH_CHARS + 1)).is_none());
    }

    #[test]
    fn diets_read_back_sorted_without_repeats_or_unknown_codes() {
        assert_eq!(diets_of("soft,diabetic,soft,sugar"), [Diet::Diabetic, Diet::Soft]);
        assert_eq!(diets_text(&[Diet::LowSalt, Diet::Diabetic, Diet::LowSalt]), "diabetic,low_salt");
        assert_eq!(diets_of(""), []);
    }

    #[test]
    fn the_kitchen_counts_each_dish_once_per_plate_and_under_each_diet() {
        let menu = vec![
            (Meal::Lunch, Course::Soup, vec!["冬瓜汤".to_owned()]),
            (Meal::Lunch, Course::Hot, vec!["清蒸鱼".to_owned(), "炒青菜".to_owned()]),
            (Meal::Dinner, Course::Staple, vec!["小米粥".to_owned()]),
        ];
        let both = [Diet::Diabetic, Diet::Soft];
        let soft = [Diet::Soft];
        let none: [Diet; 0] = [];
        let p = plates([(Meal::Lunch, &both[..]), (Meal::Lunch, &soft[..]), (Meal::Lunch, &none[..])]);
        let t = kitchen_totals(&menu, &p);
        // Dinner has no plates: none of its dishes is cooked.
        assert_eq!(t.iter().map(|d| d.dish.as_str()).collect::<Vec<_>>(), ["清蒸鱼", "炒青菜", "冬瓜汤"]);
        assert!(t.iter().all(|d| d.plates == 3 && d.plain == 1 && d.by_diet == [1, 2, 0]));
    }
}
