//! `linli demo`: the demo community, created on first run and reopened after.

use std::net::SocketAddr;

use crate::app::{App, StartError};
use crate::config::Settings;

/// The three communities of the source document, shown in the banner.
pub const COMMUNITIES: [(&str, &str); 3] =
    [("141102001002", "交通路社区"), ("141102002006", "生态园社区"), ("141102003005", "丽景街社区")];

/// Opens (creating when new) the demo database, showing progress.
pub async fn prepare(settings: &Settings) -> Result<App, StartError> {
    eprintln!("准备演示数据 / preparing the demo in {}", settings.target()?.redacted());
    let total = linli_store::migrations::latest();
    let app = App::start(settings, &mut |m| {
        eprintln!("  [{}/{}] {}", m.version, total, m.name);
    })
    .await?;
    Ok(app)
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
    println!("  演示账号 / sign-ins: 暂无——登录功能尚未上线 / none yet: accounts are not built yet");
    println!("  按 Ctrl-C 停止 / press Ctrl-C to stop");
}
