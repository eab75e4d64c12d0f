//! The demo registry at the source document's numbers: 交通路社区 with 3065
//! households and 8787 people, 丽景街社区 with 12 grids and 40 sub-grids,
//! 生态园社区 with 31 grids; or, with `--scale district`, every community of
//! 离石区 (≈400,000 people) for benchmarks.
//!
//! Deterministic (one seed): the same command builds the same people.
//! Names, ages, household shapes, tags and residency follow the shares of an
//! old urban district; ID numbers and phones are valid and unique.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use linli_store::registry::household as store;
use linli_store::registry::person::{self, PersonFacts};
use linli_store::registry::{building, load};
use uuid::Uuid;

use crate::app::access::audit::Actor;
use crate::app::registry::household::{NewPerson, person_row};
use crate::app::{App, Error};
use crate::domain::registry::id_number::{IdNumber, check_digit};
use crate::domain::registry::phone::Phone;

/// The district the demo is set in: 离石区, 吕梁市.
pub const DISTRICT: &str = "141102";

/// How much to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// The three communities of the source document, at its numbers.
    Seed,
    /// Every community of 离石区: about 400,000 people.
    District,
}

/// One community to fill.
struct CommunityPlan {
    code: String,
    name: String,
    /// (grid number, sub-grids under it).
    grids: Vec<(u16, u16)>,
    households: usize,
    people: usize,
    /// Whether each of its (lowest) grids has a service team (八位一体).
    teams: bool,
}

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `per_mille`/1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Surnames by rough frequency in 山西 (repeats weight them).
const SURNAMES: &[&str] = &[
    "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "刘", "陈", "陈", "杨", "杨", "赵", "赵", "郭",
    "郭", "高", "高", "武", "武", "马", "马", "冯", "冯", "贾", "任", "薛", "梁", "韩", "曹", "孙", "白", "田", "宋",
    "温", "侯", "雒", "乔", "郝", "霍", "石", "吴", "周", "徐", "胡", "黄", "朱", "贺", "孟", "常", "闫", "秦", "牛",
    "崔", "段", "康",
];
const MALE: &[&str] = &[
    "建国", "志强", "海军", "德明", "文斌", "国华", "金保", "明亮", "浩然", "梓轩", "俊杰", "建军", "卫东", "永平",
    "小军", "晋生", "宏伟", "志刚", "鹏", "磊", "勇", "超", "杰", "涛", "斌", "峰", "宇轩", "子豪", "晨阳", "一鸣",
    "铁柱", "福贵", "天佑", "家豪", "世平", "振华", "文", "强", "军", "刚", "立新", "新民", "保平", "云飞", "旭东",
    "博文",
];
const FEMALE: &[&str] = &[
    "丽娥", "秀英", "桂兰", "玉梅", "彩霞", "淑珍", "晓燕", "婷婷", "子涵", "雨桐", "欣怡", "桂英", "翠花", "丽", "敏",
    "静", "燕", "霞", "芳", "娟", "艳", "红梅", "春花", "美玲", "慧", "佳怡", "梦瑶", "诗涵", "一诺", "可馨", "秀兰",
    "金凤", "润莲", "爱莲", "小红", "玉兰", "雪梅", "海燕", "晓丽", "梦霞", "媛媛", "新娟", "丽萍", "素琴", "改莲",
];
/// Rare characters beyond the BMP or little used, now and then.
const RARE: &[&str] = &["𠮷祥", "䶮", "𡒄", "堃", "㛃"];

const ESTATES: &[&str] = &["小区", "花园", "家属院", "苑", "新村"];
const JOBS: &[&str] = &[
    "个体经营",
    "离石区人民医院",
    "吕梁学院",
    "国网吕梁供电公司",
    "吕梁市第一中学",
    "超市店员",
    "快递员",
    "建筑工人",
    "出租车司机",
    "机关事业单位",
    "教师",
    "餐饮服务",
    "灵活就业",
    "务农",
    "待业",
];
/// The organisations (实有单位) each community gets: (name, kind).
const ORGS: [(&str, &str); 4] =
    [("便民超市", "商铺"), ("社区卫生服务站", "机关事业单位"), ("家政服务有限公司", "企业"), ("老年协会", "社会组织")];

/// Counties people come from when they live here without being registered here.
const ELSEWHERE: &[&str] = &["141123", "141124", "141126", "141127", "141125", "140105", "141181", "141182"];

/// 1 → 一, 12 → 十二, 31 → 三十一 (grid names are written this way).
fn chinese_number(n: u16) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let ones = if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] };
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!("十{ones}"),
        20..=99 => {
            format!("{}十{ones}", DIGITS[(n / 10) as usize])
        }
        _ => n.to_string(),
    }
}

fn short(name: &str) -> &str {
    name.trim_end_matches("居民委员会").trim_end_matches("居委会").trim_end_matches("社区")
}

fn seed_plans() -> Vec<CommunityPlan> {
    vec![
        CommunityPlan {
            code: "141102001002".into(),
            name: "交通路社区".into(),
            grids: (1..=6).map(|g| (g, 0)).collect(),
            households: 3065,
            people: 8787,
            teams: true,
        },
        CommunityPlan {
            code: "141102003005".into(),
            name: "丽景街社区".into(),
            // 12 level-3 grids holding 40 level-4 grids: four of 4, eight of 3.
            grids: (1..=12).map(|g| (g, if g <= 4 { 4 } else { 3 })).collect(),
            households: 2400,
            people: 6650,
            // 40 grid teams, one per level-4 grid.
            teams: true,
        },
        CommunityPlan {
            code: "141102002006".into(),
            name: "生态园社区".into(),
            grids: (1..=31).map(|g| (g, 0)).collect(),
            households: 2170,
            people: 6120,
            teams: false,
        },
    ]
}

async fn district_plans(app: &App, rng: &mut Rng) -> Result<Vec<CommunityPlan>, Error> {
    let mut plans = seed_plans();
    let seeded: HashSet<String> = plans.iter().map(|p| p.code.clone()).collect();
    let district = linli_store::registry::region::canonical_code(DISTRICT).expect("a valid code");
    for street in linli_store::registry::region::children(app.db(), &district).await? {
        for c in linli_store::registry::region::children(app.db(), &street.code).await? {
            if seeded.contains(&c.code) || c.level != linli_store::registry::region::Level::Community {
                continue;
            }
            let households = 560 + rng.below(320) as usize;
            let people = households * (270 + rng.below(40) as usize) / 100;
            let grids = households.div_ceil(400) as u16;
            plans.push(CommunityPlan {
                code: c.code,
                name: c.name,
                grids: (1..=grids).map(|g| (g, 0)).collect(),
                households,
                people,
                teams: false,
            });
        }
    }
    Ok(plans)
}

/// Household sizes adding up to exactly `people`, shaped like a real
/// community: many one- and two-person households of the elderly.
fn household_sizes(rng: &mut Rng, households: usize, people: usize) -> Vec<usize> {
    const SHARES: [(usize, u64); 6] = [(1, 180), (2, 300), (3, 280), (4, 160), (5, 60), (6, 20)];
    let mut sizes: Vec<usize> = (0..households)
        .map(|_| {
            let mut roll = rng.below(1000);
            SHARES
                .iter()
                .find(|(_, share)| {
                    if roll < *share {
                        true
                    } else {
                        roll -= share;
                        false
                    }
                })
                .map_or(3, |s| s.0)
        })
        .collect();
    let mut total: usize = sizes.iter().sum();
    while total != people {
        let i = rng.below(households as u64) as usize;
        if total < people && sizes[i] < 6 {
            sizes[i] += 1;
            total += 1;
        } else if total > people && sizes[i] > 1 {
            sizes[i] -= 1;
            total -= 1;
        }
    }
    sizes
}

/// Makes people: unique ID numbers and phones, names by sex.
struct People<'a> {
    rng: &'a mut Rng,
    ids: HashSet<String>,
    phones: HashSet<String>,
    today: NaiveDate,
}

impl People<'_> {
    /// A name, never one of the storied people's (each is one person).
    fn name(&mut self, surname: &str, male: bool) -> String {
        loop {
            let given = if self.rng.chance(2) {
                *self.rng.pick(RARE)
            } else if male {
                *self.rng.pick(MALE)
            } else {
                *self.rng.pick(FEMALE)
            };
            let name = format!("{surname}{given}");
            if !STORIED.contains(&name.as_str()) {
                return name;
            }
        }
    }

    fn id_number(&mut self, area: &str, birth: NaiveDate, male: bool) -> IdNumber {
        loop {
            let seq = self.rng.below(500) * 2 + u64::from(male);
            let first17 = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
            let text = format!("{first17}{}", check_digit(first17.as_bytes()));
            if self.ids.insert(text.clone()) {
                return IdNumber::parse(&text, self.today).expect("generated ID numbers are valid");
            }
        }
    }

    fn phone(&mut self) -> Phone {
        loop {
            let prefix = *self.rng.pick(&[
                "135", "136", "137", "138", "139", "150", "152", "157", "158", "159", "186", "187", "188", "199",
            ]);
            let text = format!("{prefix}{:08}", self.rng.below(100_000_000));
            if self.phones.insert(text.clone()) {
                return Phone::parse(&text).expect("generated phones are valid");
            }
        }
    }

    /// A person born `age` years ago (give or take the day of the year).
    fn person(&mut self, area: &str, surname: &str, age: i32, male: bool, relation: &str, flow: bool) -> NewPerson {
        let year = self.today.year() - age;
        let birth = NaiveDate::from_yo_opt(year, 1 + self.rng.below(365) as u32).expect("day of year");
        let birth = birth.min(self.today);
        let age = self.today.years_since(birth).unwrap_or(0) as i32;
        let name = self.name(surname, male);
        let mut tags: Vec<String> = Vec::new();
        let mut political = "群众";
        let r = &mut *self.rng;
        if age >= 18 && r.chance(80) {
            political = "中共党员";
            tags.push("党员".into());
        } else if (14..=28).contains(&age) && r.chance(350) {
            political = "共青团员";
        }
        if male && (40..=85).contains(&age) && r.chance(70) {
            tags.push("退役军人".into());
        }
        if r.chance(if age >= 60 { 55 } else { 18 }) {
            tags.push("残疾人".into());
        }
        if age >= 80 {
            tags.push("高龄老人".into());
        }
        if (14..=25).contains(&age) && r.chance(3) {
            tags.push("重点青少年".into());
        }
        if (18..60).contains(&age) && r.chance(20) {
            tags.push("失业人员".into());
        }
        let employment = match age {
            0..=5 => "学龄前".to_owned(),
            6..=17 => "在校学生".to_owned(),
            18..=22 if r.chance(500) => "在校学生".to_owned(),
            60.. => "退休".to_owned(),
            _ => r.pick(JOBS).to_string(),
        };
        let ethnicity = match r.below(1000) {
            0..=9 => "03",
            10..=14 => "11",
            15..=16 => "02",
            _ => "01",
        };
        let phone = (age >= 16).then(|| self.phone());
        NewPerson {
            name,
            id_number: {
                let area = if flow { *self.rng.pick(ELSEWHERE) } else { area };
                self.id_number(area, birth, male).into()
            },
            phone,
            relation: relation.into(),
            tags,
            facts: PersonFacts {
                id_type: "居民身份证".into(),
                ethnicity: ethnicity.into(),
                political: political.into(),
                residency: if flow { "流动" } else { "户籍" }.into(),
                employment,
            },
        }
    }

    /// A household of `size` people, head first.
    fn household(&mut self, size: usize, flow: bool) -> Vec<NewPerson> {
        let area = "141102";
        let surname = *self.rng.pick(SURNAMES);
        let male = self.rng.chance(600);
        let r = &mut *self.rng;
        // Heads of one- and two-person households are mostly old.
        let head_age = match size {
            1 if !flow && r.chance(650) => 65 + r.below(30) as i32,
            1 => 22 + r.below(40) as i32,
            2 if r.chance(600) => 60 + r.below(30) as i32,
            2 => 25 + r.below(35) as i32,
            3 | 4 => 28 + r.below(30) as i32,
            _ => 35 + r.below(20) as i32,
        };
        let mut people = vec![self.person(area, surname, head_age, male, "本人", flow)];
        if size == 1 && head_age >= 65 {
            people[0].tags.push("独居老人".into());
            if self.rng.chance(40) {
                people[0].tags.push("特困".into());
            }
        }
        if size >= 2 {
            let spouse_age = (head_age + self.rng.below(7) as i32 - 3).max(20);
            let spouse_surname = *self.rng.pick(SURNAMES);
            people.push(self.person(area, spouse_surname, spouse_age, !male, "配偶", flow));
            if size == 2 && head_age >= 60 && spouse_age >= 60 {
                for p in &mut people {
                    p.tags.push("空巢老人".into());
                }
            }
        }
        let parents = if size >= 5 { size - 4 } else { 0 };
        let children = size.saturating_sub(2 + parents);
        for _ in 0..children {
            let child_age = (head_age - 22 - self.rng.below(12) as i32).max(0);
            let male = self.rng.chance(515);
            let mut child = self.person(area, surname, child_age, male, "子女", flow);
            if child_age < 16 && self.rng.chance(15) {
                child.tags.push("留守儿童".into());
            }
            people.push(child);
        }
        for _ in 0..parents {
            let age = (head_age + 24 + self.rng.below(8) as i32).min(100);
            let male = self.rng.chance(400);
            people.push(self.person(area, surname, age, male, "父母", flow));
        }
        if self.rng.chance(25) {
            people[0].tags.push("低保".into());
        }
        people
    }
}

/// The names of [`storied`] people.
const STORIED: [&str; 6] = ["王丽娥", "温彩", "冯金保", "郭晓燕", "李桂英", "高建国"];

/// The known people of the source document, in their community's first
/// grid: 王丽娥 (44) who paid at 生态园's kiosk and 温彩 who reads there with
/// her child; 冯金保, the veteran of 丽景街 whose household moved away, and
/// 郭女士 whose child goes to the 四点半课堂. 交通路 has two residents the
/// browser tests follow through the counter and the kiosk (李桂英, 高建国).
fn storied(p: &mut People<'_>, community: &str) -> Vec<Vec<NewPerson>> {
    let named = |mut person: NewPerson, name: &str, phone: Option<&str>| {
        person.name = name.into();
        person.phone = phone.map(|n| Phone::parse(n).expect("valid"));
        person
    };
    let veteran = |mut person: NewPerson| {
        person.tags = vec!["退役军人".into(), "党员".into()];
        person.facts.political = "中共党员".into();
        person
    };
    let spouse = |mut person: NewPerson| {
        person.tags.retain(|t| t != "独居老人");
        person
    };
    match community {
        "141102001002" => {
            let li = named(p.person("141102", "李", 68, false, "本人", false), "李桂英", Some("13835860101"));
            let gao = veteran(named(p.person("141102", "高", 74, true, "本人", false), "高建国", Some("13835860202")));
            let wife = spouse(p.person("141102", "任", 71, false, "配偶", false));
            vec![vec![li], vec![gao, wife]]
        }
        "141102002006" => {
            let mut wang = named(p.person("141102", "王", 44, false, "本人", false), "王丽娥", Some("13835860303"));
            wang.tags.retain(|t| t != "独居老人");
            let wen = named(p.person("141102", "温", 36, false, "本人", false), "温彩", Some("13835860404"));
            let child = p.person("141102", "李", 8, true, "子女", false);
            vec![vec![wang], vec![wen, child]]
        }
        "141102003005" => {
            let feng = veteran(named(p.person("141102", "冯", 72, true, "本人", false), "冯金保", Some("13835860505")));
            let wife = spouse(p.person("141102", "赵", 70, false, "配偶", false));
            let guo = named(p.person("141102", "郭", 38, false, "本人", false), "郭晓燕", Some("13835860606"));
            let child = p.person("141102", "张", 9, false, "子女", false);
            vec![vec![feng, wife], vec![guo, child]]
        }
        _ => Vec::new(),
    }
}

/// Builds the demo registry at the chosen scale, one community per
/// transaction, printing progress.
pub async fn build(app: &App, scale: Scale) -> Result<(), Error> {
    let actor = Actor::cli();
    let mut rng = Rng(0x11c0_2026_0bad_5eed);
    let plans = match scale {
        Scale::Seed => seed_plans(),
        Scale::District => district_plans(app, &mut rng).await?,
    };
    let total_people: usize = plans.iter().map(|p| p.people).sum();
    let mut people_done = 0;
    let keys = app.keys();
    let mut maker =
        People { rng: &mut rng, ids: HashSet::new(), phones: HashSet::new(), today: chrono::Utc::now().date_naive() };
    for (n, plan) in plans.iter().enumerate() {
        // Grids and sub-grids, through the app (audited like staff creating them).
        let mut cells: Vec<String> = Vec::new();
        let community = Error::community(&plan.code)?;
        for (g, subs) in &plan.grids {
            let grid = app
                .add_grid(&actor, &community, *g, &format!("{}第{}网格", short(&plan.name), chinese_number(*g)))
                .await?;
            if *subs == 0 {
                cells.push(grid.as_str().to_owned());
            }
            for s in 1..=*subs {
                let name = format!("{}第{}网格{s}号微网格", short(&plan.name), chinese_number(*g));
                cells.push(app.add_subgrid(&actor, &grid, s, &name).await?.into_string());
            }
        }
        let mut sizes = household_sizes(maker.rng, plan.households, plan.people);
        let mut households: Vec<Vec<NewPerson>> = Vec::with_capacity(plan.households);
        {
            let known = storied(&mut maker, &plan.code);
            for h in &known {
                let at = sizes.iter().position(|s| *s == h.len()).expect("some household has this size");
                sizes.remove(at);
            }
            households.extend(known);
        }
        for size in sizes {
            let flow = maker.rng.chance(120);
            households.push(maker.household(size, flow));
        }
        // Buildings of 6 floors × 2 units × 2 houses, a few more than needed:
        // the rest stand empty (空置). Households fill the grids in turn.
        let per_cell = households.len().div_ceil(cells.len());
        let estates: Vec<String> = (0..3)
            .map(|i| {
                if i == 0 {
                    format!("{}{}", short(&plan.name), ESTATES[0])
                } else {
                    format!("{}{}", short(&plan.name), ESTATES[1 + (n + i) % 4])
                }
            })
            .collect();
        let (mut buildings, mut houses, mut empty, mut rows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut remaining = households.len();
        let mut next = households.into_iter();
        let mut building_no = 0;
        for cell in &cells {
            let mut placed = 0;
            while placed < per_cell && remaining > 0 {
                building_no += 1;
                // Estates take turns; each numbers its own buildings.
                let estate = &estates[building_no % estates.len()];
                let number = building_no / estates.len() + 1;
                let building = Uuid::now_v7();
                buildings.push(building::NewBuilding {
                    community_id: plan.code.clone(),
                    id: building,
                    grid_code: cell.clone(),
                    sort_key: crate::domain::registry::building::sort_key(&format!("{estate}{number}号楼")),
                    name: format!("{estate}{number}号楼"),
                    qr_token: crate::app::system::keys::random_token()[..24].to_owned(),
                });
                for floor in 1..=6 {
                    for unit in 1..=2 {
                        for door in 1..=2 {
                            let house = store::NewHouse {
                                community_id: plan.code.clone(),
                                id: Uuid::now_v7(),
                                building_id: building,
                                unit: unit.to_string(),
                                room: format!("{floor}{door:02}"),
                                area_centi_m2: 4500 + maker.rng.below(9500) as i64,
                                house_use: "自住".into(),
                            };
                            let members = if placed < per_cell && !maker.rng.chance(60) { next.next() } else { None };
                            match members {
                                Some(members) => {
                                    placed += 1;
                                    remaining -= 1;
                                    let household = Uuid::now_v7();
                                    let rented = members[0].facts.residency == "流动";
                                    houses.push((
                                        store::NewHouse {
                                            house_use: if rented { "出租" } else { "自住" }.into(),
                                            ..house
                                        },
                                        household,
                                    ));
                                    rows.extend(members.iter().map(|p| person_row(&keys, &plan.code, household, p)));
                                }
                                None => empty.push(store::NewHouse { house_use: "空置".into(), ..house }),
                            }
                        }
                    }
                }
            }
        }
        let mut tx = app.db().begin().await?;
        tx.defer_constraints().await?;
        building::insert_buildings(&mut tx, &buildings).await?;
        store::insert_houses_with_households(&mut tx, &houses).await?;
        store::insert_houses(&mut tx, &empty).await?;
        let people = rows.len();
        person::insert_people(&mut tx, rows).await?;
        // Shops and a clinic on the ground floors of the first buildings.
        let orgs: Vec<linli_store::registry::place::OrgRow> = buildings
            .iter()
            .take(ORGS.len())
            .zip(ORGS)
            .map(|(b, (name, kind))| linli_store::registry::place::OrgRow {
                community_id: plan.code.clone(),
                id: Uuid::now_v7(),
                grid_code: b.grid_code.clone(),
                building_id: Some(b.id),
                name: format!("{}{name}", short(&plan.name)),
                kind: kind.to_owned(),
                address: format!("{}底商", b.name),
                contact_name: format!("{}经理", maker.rng.pick(SURNAMES)),
                contact_phone: maker.phone().as_str().to_owned(),
                licence: String::new(),
                status: "open".into(),
                created_at: chrono::Utc::now(),
            })
            .collect();
        linli_store::registry::place::insert_orgs(&mut tx, &orgs).await?;
        if plan.teams {
            let mut team = Vec::new();
            for cell in &cells {
                for role in crate::domain::registry::place::TEAM_ROLES {
                    let male = maker.rng.chance(500);
                    let surname = *maker.rng.pick(SURNAMES);
                    team.push(linli_store::registry::place::TeamMember {
                        community_id: plan.code.clone(),
                        id: Uuid::now_v7(),
                        grid_code: cell.clone(),
                        role: role.to_owned(),
                        name: maker.name(surname, male),
                        phone: maker.phone().as_str().to_owned(),
                    });
                }
            }
            linli_store::registry::place::insert_team_members(&mut tx, &team).await?;
        }
        crate::app::access::audit::record(
            &mut tx,
            &actor,
            "demo.registry",
            &plan.code,
            serde_json::json!({ "households": houses.len(), "people": people, "buildings": buildings.len() }),
        )
        .await?;
        tx.commit().await?;
        people_done += people;
        eprintln!(
            "  [{}/{}] {}: {} 个网格, {} 栋楼, {} 户, {} 人 / grids, buildings, households, people ({people_done}/{total_people})",
            n + 1,
            plans.len(),
            plan.name,
            cells.len(),
            buildings.len(),
            houses.len(),
            people
        );
    }
    app.db().analyze(&load::TABLES).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_numbers_are_written_in_chinese() {
        let written: Vec<String> = [1, 10, 12, 20, 31].into_iter().map(chinese_number).collect();
        assert_eq!(written, ["一", "十", "十二", "二十", "三十一"]);
    }

    #[test]
    fn household_sizes_add_up_to_the_seed_numbers() {
        let mut rng = Rng(7);
        let sizes = household_sizes(&mut rng, 3065, 8787);
        assert_eq!(sizes.len(), 3065);
        assert_eq!(sizes.iter().sum::<usize>(), 8787);
        assert!(sizes.iter().all(|s| (1..=6).contains(s)));
        assert!(sizes.iter().filter(|s| **s == 1).count() > 300, "many live alone");
    }

    #[test]
    fn the_plan_is_the_source_documents() {
        let plans = seed_plans();
        let lijing = plans.iter().find(|p| p.name == "丽景街社区").unwrap();
        assert_eq!(lijing.grids.len(), 12);
        assert_eq!(lijing.grids.iter().map(|g| g.1 as usize).sum::<usize>(), 40);
        assert_eq!(plans.iter().find(|p| p.name == "生态园社区").unwrap().grids.len(), 31);
        let jtl = &plans[0];
        assert_eq!((jtl.households, jtl.people), (3065, 8787));
    }

    #[test]
    fn what_is_stored_in_clear_about_demo_people_leaves_thousands_of_numbers() {
        use crate::domain::registry::id_number::{Sex, candidates};
        let mut rng = Rng(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut g = People { rng: &mut rng, ids: HashSet::new(), phones: HashSet::new(), today };
        let keys = crate::app::system::keys::Keys::from_master(&[3; 32]);
        let people: Vec<_> = (0..40).flat_map(|_| g.household(3, false)).collect();
        for p in &people {
            let row = crate::app::registry::household::person_row(&keys, "141102001002", uuid::Uuid::nil(), p);
            let number = p.id_number.as_str();
            // Everything in clear: mask, birth column, sex, and the look-up
            // columns (hashes are keyed: useless without the key).
            let clear = [row.id_masked.clone(), row.birth_month.to_string(), row.sex.clone(), row.name.clone()];
            assert!(clear.iter().all(|c| !c.contains(&number[14..]) && !c.contains(&number[6..14])), "{clear:?}");
            assert_eq!(row.birth_month.day(), 1);
            // The old rebuild: area and last four from the mask, the birth date beside.
            let m = &row.id_masked;
            let rebuilt = format!("{}{}{}", &m[..6], row.birth_month.format("%Y%m%d"), &m[m.len() - 4..]);
            assert_ne!(rebuilt, number);
            let days: Vec<NaiveDate> =
                row.birth_month.iter_days().take_while(|d| d.month() == row.birth_month.month()).collect();
            let sex = if row.sex == "male" { Sex::Male } else { Sex::Female };
            let n = candidates(&row.id_masked, "141102", &days, sex, None);
            assert!(n >= 14_000, "{n} numbers fit what is stored of {}", row.id_masked);
        }
    }

    #[test]
    fn generated_people_are_valid_and_unique() {
        let mut rng = Rng(42);
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut g = People { rng: &mut rng, ids: HashSet::new(), phones: HashSet::new(), today };
        let mut all = Vec::new();
        for size in [1, 2, 3, 4, 5, 6] {
            for _ in 0..200 {
                all.extend(g.household(size, false));
            }
        }
        let ids: HashSet<&str> = all.iter().map(|p| p.id_number.as_str()).collect();
        assert_eq!(ids.len(), all.len());
        assert!(all.iter().all(|p| p.id_number.birth_date() <= today));
        assert!(all.iter().any(|p| p.tags.contains(&"独居老人".to_owned())));
        assert!(all.iter().filter(|p| p.facts.political == "中共党员").count() > 50);
        // Each storied person is one person: nobody generated shares the name.
        let mut many = Vec::new();
        for _ in 0..20_000 {
            many.push(g.name("冯", true));
            many.push(g.name("王", false));
        }
        assert!(many.iter().all(|n| !STORIED.contains(&n.as_str())), "a storied name was generated");
    }
}
