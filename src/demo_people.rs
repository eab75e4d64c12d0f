//! Made-up households for the demo: valid ID numbers (birth dates and check
//! digits right), names, phones and tags, from a fixed seed so that every
//! demo is the same.

use chrono::NaiveDate;

use crate::app::App;
use crate::app::access::audit::Actor;
use crate::app::registry::household::NewPerson;
use crate::domain::registry::id_number::{IdNumber, check_digit};
use crate::domain::registry::phone::Phone;

const SURNAMES: [&str; 16] =
    ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "高", "郭", "马", "冯", "武", "雒"];
const GIVEN: [&str; 24] = [
    "丽娥", "建国", "秀英", "志强", "桂兰", "海军", "玉梅", "德明", "彩霞", "文斌", "淑珍", "国华", "金保", "晓燕",
    "明亮", "婷婷", "子涵", "浩然", "雨桐", "梓轩", "𠮷祥", "䶮", "欣怡", "俊杰",
];

/// A small deterministic generator (xorshift), enough for demo data.
struct Seed(u64);

impl Seed {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn id_number(seed: &mut Seed, birth: NaiveDate, male: bool) -> IdNumber {
    let mut seq = seed.below(500) * 2 + if male { 1 } else { 0 };
    seq %= 1000;
    let first17 = format!("141102{}{seq:03}", birth.format("%Y%m%d"));
    let text = format!("{first17}{}", check_digit(first17.as_bytes()));
    IdNumber::parse(&text, chrono::Utc::now().date_naive()).expect("generated ID numbers are valid")
}

fn person(seed: &mut Seed, year: i32, male: bool, relation: &str, tags: &[&str]) -> NewPerson {
    let birth = NaiveDate::from_ymd_opt(year, 1 + seed.below(12) as u32, 1 + seed.below(28) as u32).expect("valid day");
    let name = format!("{}{}", SURNAMES[seed.below(16) as usize], GIVEN[seed.below(24) as usize]);
    let phone = (year < 2010).then(|| {
        Phone::parse(&format!("13{}{:08}", 5 + seed.below(5), seed.below(100_000_000)))
            .expect("generated phones are valid")
    });
    NewPerson {
        name,
        id_number: id_number(seed, birth, male).into(),
        phone,
        relation: relation.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        facts: Default::default(),
    }
}

/// The grids, buildings and households of the demo.
pub const GRIDS: [(&str, u16, &str); 3] = [
    ("141102001002", 1, "交通路第一网格"),
    ("141102001002", 2, "交通路第二网格"),
    ("141102002006", 1, "生态园第一网格"),
];

/// Fills an empty registry; prints progress.
pub async fn fill(app: &App) -> Result<(), crate::app::Error> {
    let actor = Actor::cli();
    let mut seed = Seed(0x5eed_1111_2222_3333);
    let mut households = 0;
    for (code, number, name) in GRIDS {
        let community = crate::app::Error::community(code)?;
        let grid = app.add_grid(&actor, &community, number, name).await?;
        for b in 1..=2 {
            let street = if code.ends_with("1002") { "交通路" } else { "生态园" };
            let building =
                app.add_building(&actor, &grid, &format!("{street}小区{}号楼", number as u32 * 10 + b)).await?;
            for room in ["101", "102", "201", "202", "301", "302"] {
                let kind = seed.below(4);
                let (young, coin) = (seed.below(10) as i32, seed.below(2) == 0);
                let people = match kind {
                    // An elderly person living alone.
                    0 => vec![person(&mut seed, 1938 + young, coin, "本人", &["独居老人"])],
                    // A couple with a child under 14.
                    1 => vec![
                        person(&mut seed, 1985, true, "本人", &["党员"]),
                        person(&mut seed, 1987, false, "配偶", &[]),
                        person(&mut seed, 2016 + young % 4, coin, "子女", &[]),
                    ],
                    // A veteran with a disability tag.
                    2 => vec![
                        person(&mut seed, 1955, true, "本人", &["退役军人", "残疾人"]),
                        person(&mut seed, 1958, false, "配偶", &[]),
                    ],
                    _ => vec![person(&mut seed, 1970, coin, "本人", &[]), person(&mut seed, 1998, !coin, "子女", &[])],
                };
                // 60–120 m², in hundredths.
                let area = 6000 + seed.below(6000) as i64;
                app.add_household(&actor, &community, building, ("1", room, area), &people).await?;
                households += 1;
            }
        }
        eprintln!("  {name}: {households} 户 / households so far");
    }
    Ok(())
}
