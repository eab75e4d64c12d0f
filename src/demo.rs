//! `linli demo`: the demo community, created on first run and reopened after.

use std::net::SocketAddr;

use crate::app::account::NewAccount;
use crate::app::audit::Actor;
use crate::app::{App, StartError};
use crate::config::Settings;
use crate::domain::region::RegionCode;
use crate::domain::role::Role;

/// The district the demo is set in: 离石区, 吕梁市.
pub const DISTRICT: &str = "141102";

/// The three communities of the source document, shown in the banner.
pub const COMMUNITIES: [(&str, &str); 3] =
    [("141102001002", "交通路社区"), ("141102002006", "生态园社区"), ("141102003005", "丽景街社区")];

/// Opens (creating when new) the demo database, showing progress.
pub async fn prepare(settings: &Settings, scale: crate::demo_town::Scale) -> Result<App, StartError> {
    eprintln!("准备演示数据 / preparing the demo in {}", settings.target()?.redacted());
    let total = linli_store::migrations::latest();
    let app = App::start(settings, &mut |m| {
        eprintln!("  [{}/{}] {}", m.version, total, m.name);
    })
    .await?;
    if !app.has_registry().await.map_err(demo_failed)? {
        eprintln!("  登记演示住户 / registering the demo households");
        crate::demo_town::build(&app, scale).await.map_err(demo_failed)?;
    }
    if app.has_no_accounts().await.map_err(demo_failed)? {
        eprintln!("  创建演示账号 / creating the demo sign-ins");
        create_sign_ins(&app).await.map_err(demo_failed)?;
    }
    Ok(app)
}

/// The demo's password for every sign-in. Published: demo data only.
pub const DEMO_PASSWORD: &str = "linli-demo-2026";

/// (user name, name, role, region, what they do), from the source document.
pub const SIGN_INS: [(&str, &str, Role, &str, &str); 6] = [
    ("admin", "系统管理员", Role::SystemAdmin, "141102", "系统管理员 / system admin"),
    ("luo.xinjuan", "雒新娟", Role::CommunityHead, "141102002006", "生态园社区负责人 / head of 生态园社区"),
    (
        "wang.mengxia",
        "王梦霞",
        Role::GridWorker,
        "141102001002001",
        "交通路第一网格网格员 / grid worker, 交通路 grid 1",
    ),
    ("zhao.yifei", "赵一飞", Role::GridWorker, "141102001002002", "交通路第二网格网格员 / grid worker, 交通路 grid 2"),
    ("liu.yuanyuan", "刘媛媛", Role::CommunityStaff, "141102001002", "交通路社区工作人员 / staff, 交通路社区"),
    ("fengshan", "凤山街道", Role::StreetAdmin, "141102002", "凤山街道管理员 / street admin, 凤山街道"),
];

fn demo_failed(e: crate::app::Error) -> StartError {
    StartError::Store(match e {
        crate::app::Error::Store(s) => s,
        other => linli_store::Error::Unreachable { target: "demo".into(), reason: other.to_string() },
    })
}

async fn create_sign_ins(app: &App) -> Result<(), crate::app::Error> {
    let actor = Actor::cli();
    for (username, name, role, region, _) in SIGN_INS {
        let new = NewAccount { username: Some(username.into()), display_name: name.into(), phone: None };
        let (account, _) = app.create_account(&actor, new).await?;
        let code = RegionCode::parse(region).expect("demo region codes are valid");
        app.grant(&actor, &account.row, role, &code).await?;
        app.set_password(&actor, &account.row, DEMO_PASSWORD, false).await?;
    }
    Ok(())
}

/// Prints where to open the demo and how to sign in.
pub fn print_banner(settings: &Settings, addr: SocketAddr) {
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    println!();
    println!("邻里 linli 演示社区已就绪 / the demo is ready");
    println!("  打开 / open:        http://{host}:{}/", addr.port());
    for (code, name) in COMMUNITIES {
        println!("  {name}:       http://{host}:{}/regions/{code}", addr.port());
    }
    println!("  接口文档 / API:     http://{host}:{}/api/docs", addr.port());
    println!("  数据 / data:        {}", settings.target().map(|t| t.redacted()).unwrap_or_default());
    println!("  演示账号 / sign-ins (密码 / password: {DEMO_PASSWORD}):");
    for (username, _, _, _, what) in SIGN_INS {
        println!("    {username:<14} {what}");
    }
    println!("  按 Ctrl-C 停止 / press Ctrl-C to stop");
}
