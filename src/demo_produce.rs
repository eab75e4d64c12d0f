//! The produce counter of 交通路 as the demo opens: the eleven enterprises
//! of the source document's 助农货柜 with their products (隆泰石磨面粉,
//! 七狗碗团, 新山湾醋, 石洲香猪, 核桃酪, 枣粉鸡蛋, 珍味谱烤馍, 吴将军淀粉 …),
//! pickup times for the coming week, a merchant sign-in for 隆泰面粉厂, and
//! orders in each state: paid online, paid in cash and collected, waiting
//! to be paid. Told through the app, as the centre and buyers would.

use chrono::{Duration, NaiveTime, Utc};

use crate::app::access::audit::Actor;
use crate::app::centre::produce::{NewEnterprise, NewOrder, NewProduct};
use crate::app::{App, Result};
use crate::domain::centre::produce::Step;

const IP: &str = "demo";
/// The community whose centre has the counter (交通路).
pub const COMMUNITY: &str = "141102001002";
/// The merchant's sign-in: (login, what the banner says).
pub const MERCHANT: (&str, &str) = ("longtai", "隆泰面粉厂（商户）/ merchant: the flour mill");

/// (enterprise, village it helps, about, products: (name, fen, unit, stock, story, origin, certificates, shelf life)).
type Enterprise = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, i64, &'static str, i64, &'static str, &'static str, &'static str, &'static str)],
);

const ENTERPRISES: [Enterprise; 11] = [
    (
        "隆泰面粉厂",
        "信义镇归化村",
        "石磨低速研磨，保留麦香。",
        &[
            (
                "隆泰石磨面粉 5 斤",
                3500,
                "袋",
                60,
                "本地冬小麦，石磨慢磨不发热，面筋足、麦香浓，做面条馒头都好吃。",
                "离石区信义镇",
                "SC 生产许可",
                "12 个月",
            ),
            (
                "隆泰全麦粉 2.5 斤",
                2200,
                "袋",
                40,
                "带麸皮的全麦粉，适合做全麦馒头和饼。",
                "离石区信义镇",
                "SC 生产许可",
                "9 个月",
            ),
            ("隆泰荞麦面 2 斤", 1800, "袋", 30, "高山荞麦磨制，做碗托、饸饹都行。", "离石区信义镇", "", "12 个月"),
        ],
    ),
    (
        "七狗碗团食品",
        "田家会村",
        "离石传统小吃碗团（碗托）。",
        &[
            (
                "七狗碗团 6 碗装",
                3000,
                "盒",
                25,
                "荞面碗团，配蒜汁辣椒油，凉拌热炒皆宜，是离石人的家乡味。",
                "离石区田家会",
                "",
                "冷藏 3 天",
            ),
            ("七狗碗团调料包", 800, "包", 50, "祖传配方蒜汁、陈醋、辣油三件套。", "离石区田家会", "", "6 个月"),
        ],
    ),
    (
        "新山湾醋业",
        "新山湾村",
        "古法固态酿造老陈醋。",
        &[
            (
                "新山湾老陈醋 2.5 斤",
                2500,
                "壶",
                40,
                "高粱为主料，固态发酵、夏晒冬捞，醋香绵长。",
                "离石区新山湾",
                "绿色食品",
                "24 个月",
            ),
            ("新山湾苹果醋 500 毫升", 1500, "瓶", 30, "本地苹果发酵，酸甜开胃。", "离石区新山湾", "", "18 个月"),
            (
                "新山湾醋礼盒",
                6800,
                "盒",
                12,
                "老陈醋、熏醋、苹果醋各一，走亲访友的好礼。",
                "离石区新山湾",
                "绿色食品",
                "24 个月",
            ),
        ],
    ),
    (
        "石洲香猪养殖合作社",
        "石洲村",
        "山林散养黑猪。",
        &[
            (
                "石洲香猪腊肉 1 斤",
                6800,
                "袋",
                20,
                "散养一年的黑猪，松木烟熏，肥而不腻。",
                "离石区石洲村",
                "动物检疫合格",
                "冷藏 60 天",
            ),
            (
                "石洲香猪香肠 1 斤",
                5800,
                "袋",
                20,
                "精选后腿肉灌制，风干 15 天。",
                "离石区石洲村",
                "动物检疫合格",
                "冷藏 60 天",
            ),
            (
                "石洲香猪肉丸 1 斤",
                3800,
                "袋",
                15,
                "手工捶打，火锅汤面皆宜。",
                "离石区石洲村",
                "动物检疫合格",
                "冷冻 6 个月",
            ),
        ],
    ),
    (
        "吕梁山核桃食品",
        "枣林村",
        "吕梁山薄皮核桃深加工。",
        &[
            (
                "核桃酪 240 毫升×12",
                6000,
                "箱",
                30,
                "吕梁薄皮核桃现磨，不加香精，早餐一杯。",
                "离石区枣林村",
                "SC 生产许可",
                "12 个月",
            ),
            ("原味核桃仁 500 克", 4500, "袋", 25, "手工剥仁，颗粒饱满。", "离石区枣林村", "", "6 个月"),
            ("琥珀核桃 250 克", 3200, "罐", 20, "蜂蜜芝麻裹制，香脆可口。", "离石区枣林村", "", "6 个月"),
        ],
    ),
    (
        "枣乡生态养殖场",
        "王家坡村",
        "红枣林下散养土鸡。",
        &[
            (
                "枣粉鸡蛋 30 枚",
                4500,
                "盒",
                40,
                "林下散养土鸡，饲料添加红枣粉，蛋黄橙红。",
                "离石区王家坡",
                "无公害农产品",
                "冷藏 30 天",
            ),
            (
                "散养土鸡 1 只",
                12800,
                "只",
                10,
                "林下散养 300 天以上，炖汤鲜香。",
                "离石区王家坡",
                "动物检疫合格",
                "冷冻 6 个月",
            ),
            ("骏枣干 1 斤", 2800, "袋", 30, "吕梁骏枣自然晾晒，肉厚核小。", "离石区王家坡", "", "12 个月"),
        ],
    ),
    (
        "珍味谱食品",
        "马茂庄村",
        "传统炉烤面食。",
        &[
            (
                "珍味谱烤馍 10 个",
                2000,
                "袋",
                40,
                "炭火炉烤，外酥里软，耐存放，出门带着方便。",
                "离石区马茂庄",
                "SC 生产许可",
                "30 天",
            ),
            ("珍味谱椒盐饼 8 个", 1800, "袋", 30, "花椒盐酥饼，越嚼越香。", "离石区马茂庄", "SC 生产许可", "30 天"),
            ("珍味谱枣泥饼 8 个", 2400, "袋", 25, "红枣泥馅，甜而不腻。", "离石区马茂庄", "SC 生产许可", "30 天"),
        ],
    ),
    (
        "吴将军淀粉厂",
        "吴城镇",
        "马铃薯淀粉与粉条。",
        &[
            (
                "吴将军马铃薯淀粉 1 斤",
                1200,
                "袋",
                50,
                "高原马铃薯提取，勾芡上浆洁白细腻。",
                "离石区吴城镇",
                "SC 生产许可",
                "24 个月",
            ),
            ("吴将军粉条 2 斤", 2600, "袋", 40, "纯淀粉手工漏制，久煮不烂。", "离石区吴城镇", "SC 生产许可", "18 个月"),
            ("吴将军粉皮 1 斤", 1600, "袋", 30, "凉拌热炖两相宜。", "离石区吴城镇", "", "12 个月"),
        ],
    ),
    (
        "红眼川小米合作社",
        "红眼川村",
        "旱地谷子，一年一季。",
        &[
            ("红眼川小米 5 斤", 4000, "袋", 40, "旱地谷子，熬粥有米油，养胃。", "离石区红眼川", "绿色食品", "12 个月"),
            ("红眼川黄米 2 斤", 1800, "袋", 25, "做年糕、黄米饭的好原料。", "离石区红眼川", "", "12 个月"),
            (
                "红眼川杂粮礼盒",
                8800,
                "盒",
                10,
                "小米、黄米、红芸豆、荞麦四样杂粮。",
                "离石区红眼川",
                "绿色食品",
                "12 个月",
            ),
        ],
    ),
    (
        "坪头沙棘饮品",
        "坪头村",
        "野生沙棘果汁。",
        &[
            (
                "沙棘原浆 250 毫升×8",
                6800,
                "箱",
                20,
                "吕梁山野生沙棘鲜榨，维生素 C 丰富。",
                "离石区坪头",
                "SC 生产许可",
                "12 个月",
            ),
            ("沙棘果汁 300 毫升×12", 4800, "箱", 20, "酸甜可口，老少皆宜。", "离石区坪头", "SC 生产许可", "12 个月"),
            ("沙棘果茶 250 克", 3600, "罐", 20, "沙棘果与蜂蜜熬制，冲水即饮。", "离石区坪头", "", "12 个月"),
        ],
    ),
    (
        "凤山土蜂蜜合作社",
        "凤山村",
        "中华蜂土法养殖。",
        &[
            (
                "凤山土蜂蜜 1 斤",
                6800,
                "瓶",
                20,
                "中华蜂一年只取一次的百花蜜，浓稠结晶是天然。",
                "离石区凤山",
                "",
                "24 个月",
            ),
            ("凤山槐花蜜 1 斤", 5800, "瓶", 20, "五月槐花蜜，清香淡雅。", "离石区凤山", "", "24 个月"),
        ],
    ),
];

/// Sets the counter up and places its first orders.
pub async fn tell(app: &App) -> Result<()> {
    let actor = Actor::cli();
    let mut first_products = Vec::new();
    for (k, (name, village, about, products)) in ENTERPRISES.iter().enumerate() {
        let e = app
            .add_enterprise_by(
                &actor,
                NewEnterprise {
                    community: COMMUNITY.into(),
                    name: (*name).into(),
                    village: (*village).into(),
                    about: (*about).into(),
                },
            )
            .await?;
        for (i, (pname, price, unit, stock, story, origin, certificates, shelf_life)) in products.iter().enumerate() {
            let p = app
                .add_produce_product_by(
                    &actor,
                    &e,
                    NewProduct {
                        name: (*pname).into(),
                        price: *price,
                        unit: (*unit).into(),
                        stock: *stock,
                        story: (*story).into(),
                        origin: (*origin).into(),
                        certificates: (*certificates).into(),
                        shelf_life: (*shelf_life).into(),
                        active: true,
                    },
                )
                .await?;
            if i == 0 && k < 4 {
                first_products.push(p.id);
            }
        }
        if k == 0 {
            app.add_merchant_by(&actor, e.id, MERCHANT.0, "隆泰面粉厂").await?;
            let account = app.account_by_login(MERCHANT.0).await?;
            app.set_password(&actor, &account, crate::demo::DEMO_PASSWORD, false).await?;
        }
    }
    // Two pickup times a day for the coming week: 10:00–11:30 and 16:00–17:30.
    let today = crate::domain::time::day(Utc::now());
    let mut windows = Vec::new();
    for d in 0..7 {
        let day = today + Duration::days(d);
        for (from, to) in [((10, 0), (11, 30)), ((16, 0), (17, 30))] {
            let at = |(h, m): (u32, u32)| {
                crate::domain::time::zone().instant(day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()))
            };
            if at(to) <= Utc::now() {
                continue;
            }
            windows.push(app.add_pickup_window_by(&actor, COMMUNITY, (at(from), at(to)), 20).await?);
        }
    }
    let Some(window) = windows.first() else { return Ok(()) };
    // Three buyers: one paid online, one paid cash and collected, one still to pay.
    let buyers = [("张桂兰", "13803581001"), ("李建国", "13903582002"), ("王秀英", "13703583003")];
    let staff = crate::demo_stories::user(app, "liu.yuanyuan").await?;
    for (i, (name, phone)) in buyers.into_iter().enumerate() {
        let lines = first_products.iter().skip(i).take(2).map(|p| (*p, 1 + i as i64)).collect();
        let n = NewOrder { window: Some(window.id), name: name.into(), phone: phone.into(), lines };
        let o = app.place_produce_order(IP, None, COMMUNITY, n).await?;
        match i {
            0 => {
                let pay = app.pay_produce_online(IP, &o.order.token).await?;
                let (body, signature) = app.sim_pay(&pay.order_no).await?;
                app.payment_callback("sim", &body, &signature).await?;
            }
            1 => {
                app.produce_counter_step(&staff, IP, o.order.id, Step::PayCash, "").await?;
                app.produce_counter_step(&staff, IP, o.order.id, Step::Collect, &o.order.code).await?;
            }
            _ => {}
        }
    }
    Ok(())
}
