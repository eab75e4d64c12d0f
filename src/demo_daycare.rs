//! 生态园's day care centre (日间照料中心) as the demo opens: a dozen elders
//! enrolled from the registry (高龄/独居/空巢 first) with diets, allergies and
//! emergency contacts; the canteen's weekly menus (凉菜、热菜、汤、主食、水果)
//! published from last month to next week; last month's and this week's
//! meals booked by the elders' families and the staff; today's arrivals;
//! last month's meal bills. A family member signs in as `jiashu.wang`, the
//! daughter of the first elder, to book her mother's meals.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};

use crate::app::access::audit::Actor;
use crate::app::centre::daycare::{BookedAs, NewContact, NewElder};
use crate::app::{App, Error, Result};
use crate::domain::centre::daycare::{Course, Diet, Meal, monday_of};
use crate::domain::time;

const IP: &str = "demo";
/// The community whose centre has the day care (生态园).
pub const COMMUNITY: &str = "141102002006";
/// The family member's sign-in: (login, phone, what the banner says).
pub const FAMILY: (&str, &str, &str) = (
    "jiashu.wang",
    "13903580168",
    "生态园日间照料老人的女儿，在电子阅览接着读书 / an elder's daughter: books her meals, reads on in the reading room",
);

/// Lunch by weekday: (凉菜, 热菜, 汤, 主食, 水果).
const LUNCHES: [[&str; 5]; 7] = [
    ["凉拌木耳", "清蒸鲈鱼、蒜蓉西兰花", "冬瓜排骨汤", "米饭、荞麦馒头", "香蕉"],
    ["拍黄瓜", "土豆烧鸡块、清炒油麦菜", "西红柿鸡蛋汤", "米饭、花卷", "苹果"],
    ["凉拌豆腐丝", "红烧豆腐、肉末茄子", "紫菜蛋花汤", "小米饭、馒头", "橘子"],
    ["老醋花生", "白菜炖粉条、木须肉", "山药排骨汤", "米饭、碗托", "梨"],
    ["凉拌三丝", "清蒸鸡蛋羹、香菇青菜", "玉米羹", "饺子", "香蕉"],
    ["凉拌菠菜", "红烧带鱼、炒豆芽", "萝卜汤", "米饭、莜面", "苹果"],
    ["", "炖羊肉、炒青菜", "小米粥", "烙饼", "橘子"],
];

/// Breakfast by weekday: (主食, 汤).
const BREAKFASTS: [[&str; 2]; 7] = [
    ["鸡蛋、馒头", "小米粥"],
    ["包子", "豆浆"],
    ["鸡蛋饼", "南瓜粥"],
    ["花卷、鸡蛋", "玉米粥"],
    ["油条", "豆腐脑"],
    ["馒头、咸菜", "小米粥"],
    ["", ""],
];

/// Diets and allergies of the elders enrolled, in order.
const NEEDS: [(&[Diet], &str); 12] = [
    (&[Diet::Diabetic, Diet::LowSalt], ""),
    (&[Diet::Soft], "花生"),
    (&[], ""),
    (&[Diet::LowSalt], ""),
    (&[Diet::Diabetic], "海鲜"),
    (&[], ""),
    (&[Diet::Soft, Diet::LowSalt], ""),
    (&[], "牛奶"),
    (&[Diet::Diabetic], ""),
    (&[], ""),
    (&[Diet::LowSalt], ""),
    (&[], ""),
];

/// The menu of a week: lunch every day, breakfast Monday to Saturday.
fn week_cells(monday: NaiveDate) -> Vec<(NaiveDate, Meal, Course, String)> {
    let mut out = Vec::new();
    for (i, lunch) in LUNCHES.iter().enumerate() {
        let day = monday + Duration::days(i as i64);
        for (course, dishes) in Course::ALL.into_iter().zip(lunch) {
            out.push((day, Meal::Lunch, course, (*dishes).to_owned()));
        }
        let [staple, soup] = BREAKFASTS[i];
        out.push((day, Meal::Breakfast, Course::Staple, staple.to_owned()));
        out.push((day, Meal::Breakfast, Course::Soup, soup.to_owned()));
    }
    out
}

/// Opens 生态园's day care.
pub async fn tell(app: &App) -> Result<()> {
    let staff = crate::demo_stories::user(app, "luo.xinjuan").await?;
    let actor = staff.actor(IP);
    let family = family_signs_up(app).await?;
    // Enrol the first dozen candidates: the registry's tagged elders first.
    let candidates = app.daycare_candidates(&staff, COMMUNITY).await?;
    let mut elders = Vec::new();
    for (i, (c, (diets, allergies))) in candidates.iter().zip(NEEDS).enumerate() {
        let surname = c.name.chars().next().unwrap_or('王');
        let contact = if i == 0 {
            NewContact { name: "王丽华".into(), relation: "女儿".into(), phone: FAMILY.1.into() }
        } else {
            NewContact {
                name: format!("{surname}{}", ["建国", "晓燕", "志强", "丽萍"][i % 4]),
                relation: ["儿子", "女儿", "儿子", "侄女"][i % 4].into(),
                phone: format!("1350358{:04}", 2100 + i),
            }
        };
        let n = NewElder {
            community: COMMUNITY.into(),
            person: Some(c.person),
            diets: diets.to_vec(),
            allergies: allergies.into(),
            notes: if i == 1 { "行动需搀扶，午休需要床位。".into() } else { String::new() },
            contact: Some(contact),
        };
        elders.push(app.enrol_elder_by(&actor, n).await?);
    }
    // The centre checked 王丽华 in person and linked her account.
    if let Some(first) = elders.first() {
        let contacts = linli_store::centre::daycare::contacts(app.db(), COMMUNITY, first.id).await?;
        if let Some(c) = contacts.first() {
            app.link_contact_by(&actor, first, c.id, false).await?;
        }
    }
    if elders.is_empty() {
        return Err(Error::NotFound("elder"));
    }
    // Menus from last month's first week to next week, published.
    let now = Utc::now();
    let today = time::day(now);
    let first_of_last = (today.with_day(1).unwrap_or(today) - Duration::days(1)).with_day(1).unwrap_or(today);
    let mut monday = monday_of(first_of_last);
    while monday <= monday_of(today) + Duration::days(7) {
        app.save_week_by(&actor, COMMUNITY, monday, &week_cells(monday)).await?;
        app.publish_week_by(&actor, COMMUNITY, monday).await?;
        monday += Duration::days(7);
    }
    // Meals booked the evening before, from the first of last month to
    // today: lunch on weekdays for most, breakfast for a few; the family
    // books for the first elder, the staff for the others.
    let evening_before = |day: NaiveDate| {
        time::zone().instant((day - Duration::days(1)).and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()))
    };
    let mut day = first_of_last;
    while day <= today {
        let weekday = day.weekday().num_days_from_monday();
        for (i, e) in elders.iter().enumerate() {
            let (account, how) = if i == 0 {
                (family.account.row.id, BookedAs::Family)
            } else {
                (staff.account.row.id, BookedAs::Staff)
            };
            let who = if i == 0 { family.actor(IP) } else { actor.clone() };
            // Each elder skips some days; weekends fewer come.
            let comes = !(day.ordinal() as usize + i).is_multiple_of(5) && (weekday < 5 || i.is_multiple_of(3));
            if comes {
                app.book_meal_as(&who, account, (e, how), (day, Meal::Lunch), true, evening_before(day)).await?;
                if i % 3 == 1 && weekday < 6 {
                    app.book_meal_as(&who, account, (e, how), (day, Meal::Breakfast), true, evening_before(day))
                        .await?;
                }
            }
        }
        day += Duration::days(1);
    }
    // Tomorrow's lunch for the first elder, booked by her daughter.
    let tomorrow = today + Duration::days(1);
    let _ = app
        .book_meal_as(
            &family.actor(IP),
            family.account.row.id,
            (&elders[0], BookedAs::Family),
            (tomorrow, Meal::Lunch),
            true,
            now,
        )
        .await;
    // Today: most have come in; two went home already.
    for (i, e) in elders.iter().enumerate().take(9) {
        app.elder_arrives(&staff, IP, e.id).await?;
        if i == 2 || i == 5 {
            app.elder_leaves(&staff, IP, e.id, ["本人", "儿子", "女儿"][i % 3]).await?;
        }
    }
    let period = time::zone().period(time::zone().day_start(first_of_last));
    app.bill_meals_by(&actor, COMMUNITY, &period).await?;
    Ok(())
}

/// 王丽华 signs up with her phone, the phone staff wrote as her mother's
/// emergency contact; the centre links her account so she may book.
async fn family_signs_up(app: &App) -> Result<crate::app::access::auth::User> {
    use crate::app::access::account::NewAccount;
    use crate::domain::access::role::Role;
    use crate::domain::registry::phone::Phone;
    use crate::domain::registry::region::RegionCode;
    let actor = Actor::cli();
    let phone = Phone::parse(FAMILY.1).map_err(|_| Error::NotFound("phone"))?;
    let new = NewAccount { username: Some(FAMILY.0.into()), display_name: "王丽华".into(), phone: Some(phone) };
    let (account, _) = app.create_account(&actor, new).await?;
    let community = RegionCode::parse(COMMUNITY).map_err(|_| Error::NotFound("community"))?;
    app.grant(&actor, &account.row, Role::Resident, &community).await?;
    app.set_password(&actor, &account.row, crate::demo::DEMO_PASSWORD, false).await?;
    crate::demo_stories::user(app, FAMILY.0).await
}
