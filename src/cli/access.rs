//! `linli user`, `token` and `audit`: accounts, API tokens and the audit log at the command line.

use super::*;

#[derive(Debug, Subcommand)]
pub(super) enum UserAction {
    /// Create an account; prints its initial password alone on the last line
    Add {
        /// Sign-in name (letters, digits, '.', '_', '-')
        #[arg(long)]
        username: Option<String>,
        /// Name shown to others, e.g. 王梦霞
        #[arg(long = "name", value_name = "NAME")]
        display_name: String,
        /// Mobile number (stored encrypted)
        #[arg(long)]
        phone: Option<String>,
        /// Grant this role at once (with --region)
        #[arg(long, requires = "region")]
        role: Option<String>,
        /// Region code the role covers
        #[arg(long, requires = "role")]
        region: Option<String>,
    },
    /// List accounts with their roles (phones masked)
    List,
    /// Grant a role on a region: linli user grant LOGIN ROLE REGION
    Grant { login: String, role: String, region: String },
    /// Take a role away: linli user revoke LOGIN ROLE REGION
    Revoke { login: String, role: String, region: String },
    /// Refuse sign-in and end every session (--enable undoes it)
    Disable {
        login: String,
        #[arg(long)]
        enable: bool,
    },
    /// Set a new initial password (printed alone on the last line) and end every session
    ResetPassword { login: String },
    /// Remove the second factor (a lost phone) and end every session
    ResetTotp { login: String },
    /// Make two-step sign-in mandatory for staff and admin roles: on, off or status
    RequireTotp {
        #[arg(value_parser = ["on", "off", "status"])]
        state: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum TokenAction {
    /// Make a token; prints it alone on the last line (it is never shown again)
    Add {
        /// Unique name, e.g. open311-app or kiosk-shengtaiyuan-1
        #[arg(long)]
        name: String,
        /// What it may do: open311, kiosk, audit, gateway (repeat or comma-separate)
        #[arg(long = "scope", required = true, value_delimiter = ',')]
        scopes: Vec<String>,
        /// Region it may act in [default: 141102, the district]
        #[arg(long, default_value = "141102")]
        region: String,
    },
    /// List tokens (never the tokens themselves)
    List,
    /// Revoke a token by name or id
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
pub(super) enum AuditAction {
    /// Walk the hash chain and report the first broken link
    Verify,
    /// Move entries older than a date (at least 180 days ago) to a new JSON-lines file
    Archive {
        /// Archive entries before this day (YYYY-MM-DD, UTC)
        #[arg(long)]
        before: String,
        /// The file to write (must not exist)
        #[arg(long)]
        to: PathBuf,
    },
}

pub(super) async fn user(settings: Settings, action: &UserAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let actor = Actor::cli();
    let result = async {
        match action {
            UserAction::Add { username, display_name, phone, role, region } => {
                let phone = phone
                    .as_deref()
                    .map(Phone::parse)
                    .transpose()
                    .map_err(|e| Failure { code: 2, message: format!("phone: {e}") })?;
                let grant = match (role, region) {
                    (Some(r), Some(c)) => Some((parse_role(r)?, parse_region(c)?)),
                    _ => None,
                };
                let new = NewAccount { username: username.clone(), display_name: display_name.clone(), phone };
                let (account, password) = app.create_account(&actor, new).await.map_err(refused)?;
                if let Some((role, code)) = grant {
                    app.grant(&actor, &account.row, role, &code).await.map_err(refused)?;
                    println!("已授予 / granted: {} {} on {}", account.login_label(), role.as_str(), code);
                }
                println!("已创建账号 / created: {} ({})", account.login_label(), account.row.display_name);
                println!("初始密码（首次登录须修改）/ initial password (must be changed at first sign-in):");
                println!("{password}");
            }
            UserAction::List => {
                println!("{:<20} {:<16} {:<14} {:<9} ROLES", "LOGIN", "NAME", "PHONE", "STATE");
                for a in app.list_accounts().await.map_err(refused)? {
                    let roles: Vec<String> = a.grants.iter().map(|(r, c)| format!("{}@{c}", r.as_str())).collect();
                    let state = if a.row.disabled {
                        "disabled"
                    } else if a.row.must_change_password {
                        "initial"
                    } else {
                        "active"
                    };
                    println!(
                        "{:<20} {:<16} {:<14} {:<9} {}",
                        a.row.username.as_deref().unwrap_or("-"),
                        a.row.display_name,
                        a.phone_masked.as_deref().unwrap_or("-"),
                        state,
                        roles.join(" ")
                    );
                }
            }
            UserAction::Grant { login, role, region } => {
                let (role, code) = (parse_role(role)?, parse_region(region)?);
                let account = app.account_by_login(login).await.map_err(refused)?;
                let added = app.grant(&actor, &account, role, &code).await.map_err(refused)?;
                println!(
                    "{} / {}",
                    if added { "已授予" } else { "已有此角色" },
                    if added { "granted" } else { "already held" }
                );
            }
            UserAction::Revoke { login, role, region } => {
                let (role, code) = (parse_role(role)?, parse_region(region)?);
                let account = app.account_by_login(login).await.map_err(refused)?;
                let removed = app.revoke(&actor, &account, role, &code).await.map_err(refused)?;
                if !removed {
                    return Err(Failure::runtime("没有这个角色 / the account does not hold this role there"));
                }
                println!("已撤销 / revoked");
            }
            UserAction::Disable { login, enable } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                app.set_disabled(&actor, &account, !enable).await.map_err(refused)?;
                println!(
                    "{}",
                    if *enable {
                        "已启用 / enabled"
                    } else {
                        "已停用，所有会话已结束 / disabled, every session ended"
                    }
                );
            }
            UserAction::ResetTotp { login } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                app.remove_second_factor(&actor, &account).await.map_err(refused)?;
                println!("已移除两步验证，所有会话已结束 / second factor removed, every session ended");
            }
            UserAction::RequireTotp { state } => {
                if state != "status" {
                    app.set_second_factor_required(&actor, state == "on").await.map_err(refused)?;
                }
                let on = app.second_factor_required().await.map_err(refused)?;
                println!(
                    "工作人员两步验证 / two-step sign-in for staff: {}",
                    if on { "必须 / required" } else { "可选 / optional" }
                );
            }
            UserAction::ResetPassword { login } => {
                let account = app.account_by_login(login).await.map_err(refused)?;
                let password = app.reset_password(&actor, &account).await.map_err(refused)?;
                println!("新的初始密码（首次登录须修改）/ new initial password (must be changed at first sign-in):");
                println!("{password}");
            }
        }
        Ok(())
    }
    .await;
    app.close().await;
    result
}

pub(super) async fn token(settings: Settings, action: &TokenAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let actor = Actor::cli();
    let result = async {
        match action {
            TokenAction::Add { name, scopes, region } => {
                let scopes = scopes
                    .iter()
                    .map(|s| {
                        Scope::parse(s).ok_or_else(|| Failure {
                            code: 2,
                            message: format!("未知权限 / unknown scope {s:?}; one of: open311, kiosk, audit, gateway"),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let region = parse_region(region)?;
                let (row, token) = app.create_token(&actor, name, &scopes, &region).await.map_err(refused)?;
                println!(
                    "已创建令牌 / created token {} ({}) scopes={} region={}",
                    row.name, row.id, row.scopes, row.region_code
                );
                println!("请立即保存，令牌不会再次显示 / save it now, it is not shown again:");
                println!("{token}");
            }
            TokenAction::List => {
                println!(
                    "{:<24} {:<36} {:<20} {:<13} {:<17} STATE",
                    "NAME", "ID", "SCOPES", "REGION", "LAST USED (UTC)"
                );
                for t in app.list_tokens().await.map_err(refused)? {
                    let used = t.last_used_at.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string());
                    let state = if t.revoked_at.is_some() { "revoked" } else { "active" };
                    println!("{:<24} {:<36} {:<20} {:<13} {:<17} {state}", t.name, t.id, t.scopes, t.region_code, used);
                }
            }
            TokenAction::Revoke { name } => {
                let revoked = app.revoke_token(&actor, name).await.map_err(refused)?;
                println!("{}", if revoked { "已撤销 / revoked" } else { "早已撤销 / was already revoked" });
            }
        }
        Ok(())
    }
    .await;
    app.close().await;
    result
}

pub(super) async fn audit_archive(settings: Settings, before: &str, to: &std::path::Path) -> Result<(), Failure> {
    let day = chrono::NaiveDate::parse_from_str(before.trim(), "%Y-%m-%d")
        .map_err(|_| Failure { code: 2, message: format!("--before {before:?}: a date is YYYY-MM-DD") })?;
    let before = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    let app = open_app(&settings).await?;
    let result = app
        .archive_audit(&Actor::cli(), before, app::access::archive::KEEP_DAYS, to, |n| {
            eprintln!("  已归档 / archived {n}")
        })
        .await;
    app.close().await;
    let done = result.map_err(refused)?;
    match done.through_seq {
        Some(seq) => println!(
            "已归档 {} 条（至第 {seq} 条）到 {} / archived {} entries (through {seq}) to {}",
            done.entries,
            to.display(),
            done.entries,
            to.display()
        ),
        None => println!("没有需要归档的记录 / nothing older than that to archive"),
    }
    Ok(())
}

pub(super) async fn audit_verify(settings: Settings) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let verdict = app.verify_audit(|n| eprintln!("  已核对 / checked {n}")).await.map_err(refused);
    app.close().await;
    match verdict? {
        Verdict::Intact { entries } => {
            println!("审计日志完整 / audit log intact: {entries} entries");
            Ok(())
        }
        Verdict::Broken { seq } => Err(Failure::runtime(format!(
            "审计日志第 {seq} 条被改动或缺失 / audit log broken at entry {seq}: it or the one before was altered or removed"
        ))),
    }
}
