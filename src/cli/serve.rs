//! `linli serve`, `demo`, `migrate` and `config`: running the platform and looking at its settings.

use super::*;

pub(super) async fn serve_until_stopped(
    mut settings: Settings,
    demo: Option<crate::demo_town::Scale>,
) -> Result<(), Failure> {
    if demo.is_some() {
        demo::adjust(&mut settings);
    }
    // Before the port opens, so that an early SIGTERM still stops gracefully.
    let shutdown = web::shutdown_signal();
    let listen = settings.listen.value;
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Failure::runtime(format!(
                "端口 {} 已被占用，请换一个端口（--listen）/ port {} on {} is already in use; choose another with --listen",
                listen.port(),
                listen.port(),
                listen.ip()
            ))
        } else {
            Failure::runtime(format!("无法监听 {listen} / cannot listen on {listen}: {e}"))
        }
    })?;
    // The demo's links in messages start with the address it serves at; a
    // real deployment says where residents reach it (public_url), since a
    // listening address (0.0.0.0, 127.0.0.1) is not one a phone can open.
    if settings.public_url.value.is_none() && demo.is_none() {
        tracing::warn!(
            "public_url 未设置：短信里的链接没有网址 / public_url is not set: links in SMS carry a path only"
        );
    }
    if let Ok(bound) = listener.local_addr()
        && demo.is_some()
    {
        let host = if bound.ip().is_unspecified() { "127.0.0.1".to_owned() } else { bound.ip().to_string() };
        let host = if bound.is_ipv6() && !bound.ip().is_unspecified() { format!("[{host}]") } else { host };
        settings.served_at = Some(format!("http://{host}:{}", bound.port()));
    }
    let app = if let Some(scale) = demo {
        demo::prepare(&settings, scale).await?
    } else {
        app::App::start(&settings, &mut |m| eprintln!("迁移 / migrating: {} {}", m.version, m.name)).await?
    };
    let addr = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;
    if demo.is_some() {
        demo::print_banner(&settings, addr);
    } else {
        tracing::info!(%addr, database = %app.target_description(), "linli is serving");
        if app.has_no_accounts().await.unwrap_or(false) {
            tracing::warn!(
                "还没有任何账号。创建第一个系统管理员 / no accounts yet; create the first system admin with: linli user add --username admin --name 系统管理员 --role system_admin --region 141102{}",
                settings.database.value.as_ref().map_or_else(
                    || format!(" --data-dir {}", settings.data_dir.value.display()),
                    |_| " --database …".to_owned()
                )
            );
        }
    }
    // The deadline checks (督办, and applications' promised dates) run in
    // this process every minute, with notices set for later reaching their
    // inboxes; alerts are claimed in the database, so a second server sends none twice.
    let checker = app.clone();
    let deadlines = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            match checker.check_deadlines(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "deadline alerts sent"),
                Err(e) => tracing::warn!(error = %e, "deadline check failed"),
            }
            match checker.check_application_deadlines(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(warnings = n, "application deadline warnings sent"),
                Err(e) => tracing::warn!(error = %e, "application deadline check failed"),
            }
            match checker.check_case_deadlines(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(warnings = n, "mediation case deadline warnings sent"),
                Err(e) => tracing::warn!(error = %e, "mediation case deadline check failed"),
            }
            match checker.deliver_due_notices(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notices = n, "scheduled notices told to their inboxes"),
                Err(e) => tracing::warn!(error = %e, "telling scheduled notices failed"),
            }
            match checker.send_activity_reminders(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(activities = n, "activity reminders sent"),
                Err(e) => tracing::warn!(error = %e, "sending activity reminders failed"),
            }
            match checker.raise_untaken_wishes(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(wishes = n, "untaken wishes raised to their centres"),
                Err(e) => tracing::warn!(error = %e, "raising untaken wishes failed"),
            }
            match checker.expire_points(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(people = n, "expired points taken off"),
                Err(e) => tracing::warn!(error = %e, "expiring points failed"),
            }
            match checker.expire_produce_orders(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "unpaid produce orders released"),
                Err(e) => tracing::warn!(error = %e, "releasing unpaid produce orders failed"),
            }
            if let Err(e) = checker.forget_old_attempts().await {
                tracing::warn!(error = %e, "forgetting old rate-limit counters failed");
            }
        }
    });
    // E-mail goes out through the relay when one is configured.
    let mail = settings.smtp_relay().ok().flatten().map(|(host, port)| {
        let mailer = app::notify::mail::Mailer::new(host, port, settings.mail_from.value.clone());
        let sender = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
            loop {
                every.tick().await;
                match sender.deliver_mail(&mailer, chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(mails = n, "mail sent"),
                    Err(e) => tracing::warn!(error = %e, "mail delivery failed"),
                }
            }
        })
    });
    let result = web::serve(listener, app.clone(), &settings, shutdown).await;
    deadlines.abort();
    if let Some(m) = mail {
        m.abort();
    }
    app.close().await;
    result.map_err(|e| Failure::runtime(format!("server stopped: {e}")))
}

pub(super) async fn migrate(settings: Settings, status_only: bool) -> Result<(), Failure> {
    let db = app::open(&settings).await?;
    let status = linli_store::migrations::status(&db).await.map_err(app::StartError::from)?;
    println!("数据库 / database: {}", settings.target()?.redacted());
    println!("版本 / schema version: {} (本程序最新 / newest known: {})", status.current, status.latest);
    if status_only {
        let pending = status.latest - status.current;
        println!("待迁移 / pending: {pending}");
    } else {
        let applied = linli_store::migrations::migrate(&db, |m| {
            println!("  → {:>4} {}", m.version, m.name);
        })
        .await
        .map_err(app::StartError::from)?;
        println!("已应用 / applied: {}", applied.len());
    }
    db.close().await;
    Ok(())
}

pub(super) fn print_config(s: &Settings) {
    println!("{:<22} {:<44} SOURCE", "SETTING", "VALUE");
    for (name, value, source) in s.rows() {
        println!("{name:<22} {value:<44} {source}");
    }
}

/// A misspelt `LINLI_*` variable would silently do nothing; say so.
pub(super) fn warn_unknown_env(also_known: Option<&str>) {
    const KNOWN: &[&str] = &[
        "LINLI_CONFIG",
        "LINLI_DATA_DIR",
        "LINLI_DATABASE",
        "LINLI_LISTEN",
        "LINLI_LOG",
        "LINLI_LOG_FORMAT",
        "LINLI_MAX_BODY_BYTES",
        "LINLI_REQUEST_TIMEOUT_SECS",
        "LINLI_DB_MAX_CONNECTIONS",
        "LINLI_SMS_DAILY_LIMIT",
        "LINLI_NO_MIGRATE",
        "LINLI_SECRET_KEY",
        "LINLI_SMTP",
        "LINLI_MAIL_FROM",
        "LINLI_PAY_SIM",
        "LINLI_PUBLIC_URL",
        "LINLI_TRUSTED_PROXIES",
        "LINLI_TIME_ZONE",
        "LINLI_HOME_REGION",
    ];
    for (k, _) in std::env::vars_os() {
        let Some(k) = k.to_str() else { continue };
        if k.starts_with("LINLI_") && !k.starts_with("LINLI_TEST_") && !KNOWN.contains(&k) && Some(k) != also_known {
            eprintln!("linli: 警告 / warning: unknown environment variable {k} is ignored");
        }
    }
}
