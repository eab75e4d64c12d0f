//! 生态园's reading room (电子阅览) as the demo opens: a catalogue of books
//! and periodicals (two with e-books that open in the browser), twenty
//! e-readers with asset numbers, paper books and e-readers on loan — two
//! of them overdue —, and readers' cloud bookmarks: `jiashu.wang` is a
//! third into 《社区居民读书会手册》, read on an e-reader yesterday evening,
//! and continues on her phone where she left off.

use chrono::{Datelike, Duration, Utc};

use crate::app::centre::reading::{Lent, NewBook};
use crate::app::{App, Result};
use crate::domain::centre::epub;
use crate::domain::centre::reading::Locator;
use crate::domain::time;

const IP: &str = "demo";
/// The community whose centre has the reading room (生态园).
pub const COMMUNITY: &str = "141102002006";

/// (title, author, ISBN's first 12 digits or none, publisher, shelf, copies).
type Entry = (&'static str, &'static str, Option<&'static str>, &'static str, &'static str, i64);

const BOOKS: [Entry; 10] = [
    ("朝花夕拾", "鲁迅", Some("978702000220"), "人民文学出版社", "A1 文学", 3),
    ("骆驼祥子", "老舍", Some("978702002183"), "人民文学出版社", "A1 文学", 2),
    ("平凡的世界", "路遥", Some("978753020857"), "北京十月文艺出版社", "A2 文学", 4),
    ("红岩", "罗广斌、杨益言", Some("978710505632"), "中国青年出版社", "A2 文学", 2),
    ("老年人健康饮食指南", "中国营养学会", Some("978711723456"), "人民卫生出版社", "C1 健康", 2),
    ("家庭急救手册", "李红", Some("978712109876"), "化学工业出版社", "C1 健康", 3),
    ("社区居民读书会手册", "生态园社区", None, "生态园社区居委会", "电子书", 0),
    ("老年人防诈骗读本", "生态园社区", None, "生态园社区居委会", "电子书", 0),
    ("读者", "读者杂志社", None, "读者出版集团", "期刊架", 2),
    ("老年博览", "老年博览杂志社", None, "山西出版传媒集团", "期刊架", 2),
];

const CLUB: [(&str, &str); 5] = [
    (
        "第一章 读书会怎么办",
        "生态园社区读书会每月第二个周六下午在阅览室举行，欢迎居民带上自己正在读的书来分享。\n\n每次读书会选一本共读书，提前两周在社区公告和爱心回音壁上发布书目，阅览室准备纸书，电子版可以在手机上在线阅读。\n\n分享不限形式：可以朗读一段，也可以讲讲书里的故事和自己的经历。",
    ),
    (
        "第二章 借书和还书",
        "社区居民凭登记信息即可借阅纸书，借期三十天，到服务中心找工作人员登记借出和归还。\n\n逾期未还的，社区会发短信提醒，请尽快归还，方便其他居民借阅。\n\n期刊只在阅览室内阅读，不外借。",
    ),
    (
        "第三章 借用电子阅读器",
        "阅览室有二十台墨水屏电子阅读器，适合眼睛不好、喜欢大字的老人。\n\n每台阅读器都有资产编号，借期十四天，归还时请一并交回充电线。\n\n阅读器里装有 KOReader，可以和网页上的“云书签”同步：在阅读器上读到哪里，回家用手机打开同一本书，就从那里接着读。",
    ),
    (
        "第四章 云书签怎么用",
        "登录邻里，打开书的页面，点“在线阅读”。翻页时阅读位置会自动保存。\n\n换一台手机或电脑打开同一本书，会回到上次读到的地方。两台设备都读过时，以最后阅读的时间为准，而不是最后上传的时间。\n\n在“我的阅读”里生成同步密码，填进 KOReader 的进度同步设置，阅读器也能用同一个书签。",
    ),
    (
        "第五章 共读书目",
        "本季度共读书目：《朝花夕拾》《平凡的世界》《红岩》。\n\n阅览室每本各备有多册，也欢迎居民捐赠图书，捐赠的图书会登记入书目并注明捐赠人。",
    ),
];

const SCAMS: [(&str, &str); 4] = [
    (
        "第一讲 冒充公检法",
        "凡是电话里自称公安、检察院、法院，要求把钱转到“安全账户”的，都是诈骗。\n\n公检法机关不会通过电话办案，更不会要求转账。遇到这种电话，立即挂断，拨打 110 核实。",
    ),
    (
        "第二讲 保健品和“养老项目”",
        "免费体检、免费旅游、高息“养老项目”，往往是诱人上钩的第一步。\n\n购买保健品要到正规药店，投资理财要到正规银行，不懂的事先问问子女和社区网格员。",
    ),
    (
        "第三讲 冒充子女和熟人",
        "接到“孩子出事了急需用钱”的电话或微信，先别慌，挂断后直接给孩子本人打电话核实。\n\n不要轻信陌生号码发来的语音和照片，不要把验证码告诉任何人。",
    ),
    (
        "第四讲 遇到诈骗怎么办",
        "发现被骗，立即拨打 110 报警，并保存好转账记录和聊天记录。\n\n也可以到社区服务中心找网格员帮忙，社区警务室每周二、周四有民警坐班。",
    ),
];

/// The 13th ISBN digit of 12.
fn isbn(twelve: &str) -> String {
    let sum: u32 =
        twelve.chars().enumerate().map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 }).sum();
    format!("{twelve}{}", (10 - sum % 10) % 10)
}

/// Opens the reading room.
pub async fn tell(app: &App) -> Result<()> {
    let staff = crate::demo_stories::user(app, "luo.xinjuan").await?;
    let actor = staff.actor(IP);
    let mut books = Vec::new();
    for (title, author, twelve, publisher, shelf, copies) in BOOKS {
        let n = NewBook {
            community: COMMUNITY.into(),
            periodical: twelve.is_none() && shelf == "期刊架",
            title: title.into(),
            author: author.into(),
            isbn: twelve.map(isbn).unwrap_or_default(),
            publisher: publisher.into(),
            shelf: shelf.into(),
            copies,
            about: String::new(),
        };
        books.push(app.add_book_by(&actor, n).await?);
    }
    let club = app.upload_epub_by(&actor, &books[6], epub::make("社区居民读书会手册", "生态园社区", &CLUB)).await?;
    app.upload_epub_by(&actor, &books[7], epub::make("老年人防诈骗读本", "生态园社区", &SCAMS)).await?;
    for i in 1..=20 {
        let model = if i <= 12 { "墨水屏阅读器 6 英寸" } else { "墨水屏阅读器 7.8 英寸（大字）" };
        app.add_device_by(&actor, COMMUNITY, &format!("STY-YD-{i:03}"), model).await?;
    }
    // Loans: residents of the community, two of them overdue.
    let today = time::day(Utc::now());
    let adults = linli_store::registry::person::elders_in(
        app.db(),
        COMMUNITY,
        today.with_year(today.year() - 18).unwrap_or(today),
        8,
    )
    .await?;
    let devices = linli_store::centre::reading::devices(app.db(), COMMUNITY).await?;
    let plan: [(usize, Option<usize>, i64, i64); 6] = [
        // (book, or e-reader, days ago lent, loan days)
        (0, None, 10, 30),
        (2, None, 40, 30),
        (5, None, 3, 30),
        (0, Some(0), 20, 14),
        (0, Some(1), 5, 14),
        (3, None, 35, 30),
    ];
    for (person, (book, device, ago, days)) in adults.iter().zip(plan) {
        let what = match device {
            Some(d) => Lent::Device(devices[d].id),
            None => Lent::Book(books[book].id),
        };
        let loan = app.lend_by(&actor, COMMUNITY, what, Some(person.id), days).await?;
        let lent_at = Utc::now() - Duration::days(ago);
        let mut tx = app.db().begin().await?;
        linli_store::centre::reading::backdate_loan(
            &mut tx,
            COMMUNITY,
            loan.id,
            lent_at,
            time::day(lent_at) + Duration::days(days),
        )
        .await?;
        tx.commit().await?;
    }
    // Cloud bookmarks: the day care family reads the club's handbook, first
    // on an e-reader last night, and has it on her list.
    let reader = crate::demo_stories::user(app, crate::demo_daycare::FAMILY.0).await?;
    let spine: Vec<String> = club.spine.lines().map(str::to_owned).collect();
    let href = spine.get(1).cloned().unwrap_or_default();
    if let Ok(at) = Locator::new(&href, 0.5, 0.3) {
        let yesterday = Utc::now() - Duration::hours(16);
        app.save_position(reader.account.row.id, books[6].id, (at, None, None), ("KOReader", Some(yesterday), 5))
            .await?;
    }
    app.list_book(&reader, books[6].id).await?;
    app.list_book(&reader, books[2].id).await?;
    Ok(())
}
