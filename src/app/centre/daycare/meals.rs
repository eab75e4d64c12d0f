//! Meals: the family's elders, the weekly menu, bookings, the kitchen and the day's arrivals.

use super::*;
use crate::app::refusal::CentreRefusal;

impl App {
    /// The elders the user books for as themselves or their family, with
    /// how.
    pub async fn my_elders(&self, user: &User) -> Result<Vec<(ElderRow, BookedAs)>> {
        let mut out: Vec<(ElderRow, BookedAs)> = Vec::new();
        for p in self.own_people(user).await? {
            if let Some(e) = store::elder_of_person(self.db(), &p.community_id, p.id).await?.filter(|e| e.active) {
                out.push((e, BookedAs::Own));
            }
        }
        let family = store::elders_of_family(self.db(), user.account.row.id).await?;
        for e in store::elders_by_id(self.db(), &family).await? {
            if e.active && !out.iter().any(|(x, _)| x.id == e.id) {
                out.push((e, BookedAs::Family));
            }
        }
        Ok(out)
    }

    /// How the user may book for an elder; `NotFound` when not at all.
    pub(super) async fn daycare_booker(&self, user: &User, elder: Uuid) -> Result<(ElderRow, BookedAs)> {
        let e = store::elder(self.db(), elder).await?.ok_or(Error::NotFound("elder"))?;
        if runs(user, &e.community_id) {
            return Ok((e, BookedAs::Staff));
        }
        self.my_elders(user).await?.into_iter().find(|(x, _)| x.id == elder).ok_or(Error::NotFound("elder"))
    }

    // The menu.

    /// A week's menu as its staff edit it.
    pub async fn daycare_week(&self, community: &str, monday: NaiveDate) -> Result<Week> {
        let monday = daycare::monday_of(monday);
        let until = monday + Duration::days(6);
        let mut cells = BTreeMap::new();
        for (day, meal, course, names) in store::menu(self.db(), community, monday, until).await? {
            if let (Some(m), Some(c)) = (Meal::parse(&meal), Course::parse(&course)) {
                cells.insert((day, m, c), daycare::dishes(&names).unwrap_or_default());
            }
        }
        let published = store::published(self.db(), community, monday).await?;
        Ok(Week { community: community.to_owned(), monday, cells, published })
    }

    /// A week's menu as residents see it: only once published.
    pub async fn published_week(&self, community: &str, monday: NaiveDate) -> Result<Option<Week>> {
        let w = self.daycare_week(community, monday).await?;
        Ok(w.published.is_some().then_some(w))
    }

    /// Replaces a week's menu (the centre's staff); a published week stays
    /// published with its new dishes.
    pub async fn save_week(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        monday: NaiveDate,
        cells: &[(NaiveDate, Meal, Course, String)],
    ) -> Result<()> {
        Self::keeps_daycare(user, community)?;
        // A meal whose bookings have closed keeps its dishes: the kitchen
        // cooks what was booked against them.
        let week = self.daycare_week(community, monday).await?;
        if cells.iter().any(|c| !week.days().contains(&c.0)) {
            return Err(Error::invalid(
                "day",
                Reason::Centre(CentreRefusal::DaycareOutsideWeek { monday: week.monday.to_string() }),
            ));
        }
        let settings = self.meal_settings(community).await?;
        let now = time::zone().local(Utc::now()).naive_local();
        let closed = |day: NaiveDate, meal: Meal| !settings[meal as usize].cutoff.open(day, now);
        let mut kept: Vec<(NaiveDate, Meal, Course, String)> = Vec::new();
        for (day, meal, course, text) in cells {
            if !closed(*day, *meal) {
                kept.push((*day, *meal, *course, text.clone()));
                continue;
            }
            let before = week.cells.get(&(*day, *meal, *course)).cloned().unwrap_or_default();
            if daycare::dishes(&clean(text)).is_none_or(|d| d != before) {
                return Err(Error::invalid(
                    "menu",
                    Reason::Centre(CentreRefusal::DaycareMenuClosed {
                        day: day.format("%m-%d").to_string(),
                        meal: *meal,
                    }),
                ));
            }
        }
        for ((day, meal, course), dishes) in &week.cells {
            if closed(*day, *meal) {
                kept.push((*day, *meal, *course, dishes.join("、")));
            }
        }
        // A meal someone has booked keeps at least one dish: emptying it
        // would hide the booking and still bill it.
        for day in week.days() {
            for meal in Meal::ALL {
                let served = kept.iter().any(|(d, m, _, t)| {
                    *d == day && *m == meal && daycare::dishes(&clean(t)).is_some_and(|x| !x.is_empty())
                });
                if week.serves(day, meal) && !served {
                    let n = store::booked_count(self.db(), community, day, meal.code()).await?;
                    if n > 0 {
                        return Err(Error::invalid(
                            "menu",
                            Reason::Centre(CentreRefusal::DaycareMealBooked {
                                day: day.format("%m-%d").to_string(),
                                meal,
                                booked: n,
                            }),
                        ));
                    }
                }
            }
        }
        self.save_week_by(&user.actor(ip), community, monday, &kept).await
    }

    /// Replaces a week's menu on an operator's say (the demo).
    pub async fn save_week_by(
        &self,
        actor: &Actor,
        community: &str,
        monday: NaiveDate,
        cells: &[(NaiveDate, Meal, Course, String)],
    ) -> Result<()> {
        let monday = daycare::monday_of(monday);
        let until = monday + Duration::days(6);
        let mut rows: Vec<(NaiveDate, &str, &str, String)> = Vec::new();
        for (day, meal, course, text) in cells {
            if *day < monday || *day > until {
                return Err(Error::invalid(
                    "day",
                    Reason::Centre(CentreRefusal::DaycareOutsideWeek { monday: monday.to_string() }),
                ));
            }
            let dishes = daycare::dishes(&clean(text)).ok_or(Error::invalid(
                "menu",
                Reason::Centre(CentreRefusal::DaycareDishes {
                    day: day.format("%m-%d").to_string(),
                    meal: *meal,
                    course: *course,
                }),
            ))?;
            // A cell sent twice: the last one stands.
            rows.retain(|r| !(r.0 == *day && r.1 == meal.code() && r.2 == course.code()));
            rows.push((*day, meal.code(), course.code(), dishes.join("、")));
        }
        let published = store::published(self.db(), community, monday).await?.is_some();
        let mut tx = self.db().begin().await?;
        store::set_menu(&mut tx, community, (monday, until), &rows).await?;
        if published {
            // What residents read changed: it says when.
            store::publish(&mut tx, community, monday, Utc::now(), &actor.name).await?;
        }
        let dishes = rows.iter().filter(|r| !r.3.is_empty()).count();
        record(&mut tx, actor, "daycare.menu", community, json!({ "monday": monday, "cells": dishes })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes a week's menu to residents (the centre's staff).
    pub async fn publish_week(&self, user: &User, ip: &str, community: &str, monday: NaiveDate) -> Result<()> {
        Self::keeps_daycare(user, community)?;
        self.publish_week_by(&user.actor(ip), community, monday).await
    }

    /// Publishes a week's menu on an operator's say (the demo).
    pub async fn publish_week_by(&self, actor: &Actor, community: &str, monday: NaiveDate) -> Result<()> {
        let monday = daycare::monday_of(monday);
        let w = self.daycare_week(community, monday).await?;
        if w.cells.values().all(Vec::is_empty) {
            return Err(Error::invalid("monday", Reason::Centre(CentreRefusal::DaycareEmptyMenu)));
        }
        let mut tx = self.db().begin().await?;
        store::publish(&mut tx, community, monday, Utc::now(), &actor.name).await?;
        record(&mut tx, actor, "daycare.publish", community, json!({ "monday": monday })).await?;
        tx.commit().await?;
        Ok(())
    }

    // Bookings.

    /// An elder's bookings from today for [`BOOK_AHEAD_DAYS`], for whoever
    /// may book for them.
    pub async fn elder_bookings(&self, user: &User, elder: Uuid) -> Result<(ElderRow, BookedAs, Vec<BookingRow>)> {
        let (e, how) = self.daycare_booker(user, elder).await?;
        let today = time::day(Utc::now());
        let until = today + Duration::days(BOOK_AHEAD_DAYS);
        let rows = store::bookings(self.db(), &e.community_id, (today, until), Some(&[e.id])).await?;
        Ok((e, how, rows))
    }

    /// Books (or cancels) an elder's meal before its cut-off.
    pub async fn book_meal(
        &self,
        user: &User,
        ip: &str,
        elder: Uuid,
        (day, meal): (NaiveDate, Meal),
        book: bool,
    ) -> Result<bool> {
        let (e, how) = self.daycare_booker(user, elder).await?;
        self.book_meal_as(&user.actor(ip), user.account.row.id, (&e, how), (day, meal), book, Utc::now()).await
    }

    /// Books or cancels as someone at a moment (the demo books the past).
    pub async fn book_meal_as(
        &self,
        actor: &Actor,
        account: Uuid,
        (e, how): (&ElderRow, BookedAs),
        (day, meal): (NaiveDate, Meal),
        book: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if !e.active {
            return Err(Error::invalid("elder", Reason::Centre(CentreRefusal::DaycareNotEnrolled)));
        }
        let setting = self.meal_settings(&e.community_id).await?[meal as usize];
        let local_now = time::zone().local(now).naive_local();
        if !setting.cutoff.open(day, local_now) {
            let deadline = setting.cutoff.deadline(day).format("%m-%d %H:%M").to_string();
            return Err(Error::invalid("day", Reason::Centre(CentreRefusal::DaycareCutoff { deadline })));
        }
        if day > time::zone().day(now) + Duration::days(BOOK_AHEAD_DAYS) {
            return Err(Error::invalid(
                "day",
                Reason::Centre(CentreRefusal::DaycareTooFar { days: BOOK_AHEAD_DAYS as u32 }),
            ));
        }
        let week = self.daycare_week(&e.community_id, day).await?;
        if book && (week.published.is_none() || !week.serves(day, meal)) {
            return Err(Error::invalid("meal", Reason::Centre(CentreRefusal::DaycareNoMeal)));
        }
        let mut tx = self.db().begin().await?;
        let changed = if book {
            let row = BookingRow {
                community_id: e.community_id.clone(),
                elder_id: e.id,
                day,
                meal: meal.code().into(),
                booked_by: account,
                booked_as: how.code().into(),
                price: setting.price,
                created_at: now,
            };
            store::book(&mut tx, &row).await?
        } else {
            store::cancel(&mut tx, &e.community_id, e.id, day, meal.code()).await?
        };
        if changed {
            let action = if book { "daycare.book" } else { "daycare.cancel" };
            let detail = json!({ "day": day, "meal": meal.code(), "as": how.code() });
            record(&mut tx, actor, action, &e.id.to_string(), detail).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    // The kitchen.

    /// The central kitchen's sheet for a day (the centre's staff).
    pub async fn kitchen(&self, user: &User, community: &str, day: NaiveDate) -> Result<Kitchen> {
        Self::keeps_daycare(user, community)?;
        self.kitchen_sheet(community, day).await
    }

    /// The kitchen's sheet, unchecked (`linli bench daycare`).
    pub async fn kitchen_sheet(&self, community: &str, day: NaiveDate) -> Result<Kitchen> {
        let week = self.daycare_week(community, day).await?;
        let rows = store::plates(self.db(), community, day).await?;
        let parsed: Vec<(Meal, Vec<Diet>)> =
            rows.iter().filter_map(|(m, d, ..)| Meal::parse(m).map(|m| (m, diets_of(d)))).collect();
        let plates = daycare::plates(parsed.iter().map(|(m, d)| (*m, d.as_slice())));
        let menu: Vec<(Meal, Course, Vec<String>)> = week
            .cells
            .iter()
            .filter(|((d, ..), _)| *d == day)
            .map(|((_, m, c), dishes)| (*m, *c, dishes.clone()))
            .collect();
        let dishes = daycare::kitchen_totals(&menu, &plates);
        let allergies = rows
            .into_iter()
            .filter(|(.., a)| !a.trim().is_empty())
            .filter_map(|(m, _, name, a)| Meal::parse(&m).map(|m| (m, name, a)))
            .collect();
        Ok(Kitchen { community: community.to_owned(), day, plates, dishes, allergies })
    }

    // Attendance.

    /// Today's elders: every enrolled elder with today's meals and
    /// attendance (the centre's staff).
    pub async fn daycare_today(&self, user: &User, community: &str) -> Result<Vec<Today>> {
        Self::keeps_daycare(user, community)?;
        let today = time::day(Utc::now());
        let elders = store::elders(self.db(), community, true).await?;
        let bookings = store::bookings(self.db(), community, (today, today), None).await?;
        let attendance = store::attendance(self.db(), community, today).await?;
        Ok(elders
            .into_iter()
            .map(|e| Today {
                meals: bookings.iter().filter(|b| b.elder_id == e.id).filter_map(|b| Meal::parse(&b.meal)).collect(),
                attendance: attendance.iter().find(|a| a.elder_id == e.id).cloned(),
                elder: e,
            })
            .collect())
    }

    /// An elder's attendance today, for whoever books for them.
    pub async fn elder_today(&self, user: &User, elder: Uuid) -> Result<Option<AttendanceRow>> {
        let (e, _) = self.daycare_booker(user, elder).await?;
        let today = time::day(Utc::now());
        Ok(store::attendance(self.db(), &e.community_id, today).await?.into_iter().find(|a| a.elder_id == e.id))
    }

    /// Records that an elder arrived today (the centre's staff).
    pub async fn elder_arrives(&self, user: &User, ip: &str, elder: Uuid) -> Result<()> {
        let e = self.daycare_elder(user, elder).await?.elder;
        if !e.active {
            return Err(Error::invalid("elder", Reason::Centre(CentreRefusal::DaycareNotEnrolled)));
        }
        let now = Utc::now();
        let row = AttendanceRow {
            community_id: e.community_id.clone(),
            elder_id: e.id,
            day: time::day(now),
            arrived_at: now,
            left_at: None,
            picked_up_by: None,
            recorded_by: user.account.shown_name(),
        };
        let mut tx = self.db().begin().await?;
        if !store::arrive(&mut tx, &row).await? {
            return Err(Error::invalid("step", Reason::Centre(CentreRefusal::DaycareArrivedAlready)));
        }
        record(&mut tx, &user.actor(ip), "daycare.arrive", &e.id.to_string(), json!({ "day": row.day })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that an elder left today and who took them; each emergency
    /// contact hears it by SMS (the centre's staff).
    pub async fn elder_leaves(&self, user: &User, ip: &str, elder: Uuid, picked_up_by: &str) -> Result<usize> {
        let v = self.daycare_elder(user, elder).await?;
        let by = clean(picked_up_by).trim().to_owned();
        if by.is_empty() || !within(&by, 40) {
            return Err(Error::invalid("picked_up_by", Reason::Centre(CentreRefusal::DaycarePickedUpBy)));
        }
        let now = Utc::now();
        let day = time::day(now);
        let e = &v.elder;
        let mut tx = self.db().begin().await?;
        if !store::leave(&mut tx, &e.community_id, e.id, day, (now, &by)).await? {
            return Err(Error::invalid("step", Reason::Centre(CentreRefusal::DaycareNotHere)));
        }
        let at = time::zone().local(now).format("%H:%M");
        let notes: Vec<linli_store::notify::outbox::Notification> = v
            .contacts
            .iter()
            .map(|c| linli_store::notify::outbox::Notification {
                community_id: e.community_id.clone(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("daycare_contact:{}:{}", e.community_id, c.id),
                subject: "日间照料离站通知".into(),
                body: format!(
                    "{}已于今天 {at} 离开社区日间照料中心，接送人：{by}。如有疑问请致电社区服务中心。",
                    e.name
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            })
            .collect();
        linli_store::notify::outbox::notify_many(&mut tx, &notes).await?;
        let detail = json!({ "day": day, "picked_up_by": by, "told": notes.len() });
        record(&mut tx, &user.actor(ip), "daycare.leave", &e.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(notes.len())
    }

    // The month's bills.
}
