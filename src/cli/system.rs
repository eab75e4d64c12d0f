//! `linli keys`, `backup` and `restore`: the secret key, and a copy of everything to restore.

use super::*;

#[derive(Debug, Subcommand)]
pub(super) enum KeysAction {
    /// Re-encrypt every personal value with a new key, while linli keeps running
    Rotate,
}

pub(super) async fn rotate(settings: Settings) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let result =
        app.rotate_keys(&Actor::cli(), |done, total| eprintln!("  已重新加密 / re-sealed {done}/{total}")).await;
    app.close().await;
    let r = result.map_err(refused)?;
    println!("新密钥 / new key {}: re-sealed {} accounts, dropped {} old key(s)", r.key_id, r.resealed, r.dropped_keys);
    if r.kept_keys > 0 {
        println!(
            "仍有数据使用旧密钥，已保留，请稍后再运行一次 / {} old key(s) kept: some values still use them; run again later",
            r.kept_keys
        );
    }
    println!("请备份新的密钥文件 / back up the new key file with the database");
    Ok(())
}

/// A passphrase from the named environment variable (never a flag: flags
/// show in the process list and the shell's history).
pub(super) fn passphrase(var: &str) -> Result<String, Failure> {
    match std::env::var(var) {
        Ok(p) if p.chars().count() >= 12 => Ok(p),
        Ok(_) => Err(Failure {
            code: 2,
            message: format!("{var}: 口令至少 12 个字符 / the passphrase needs 12 characters or more"),
        }),
        Err(_) => {
            Err(Failure { code: 2, message: format!("{var}: 环境变量未设置 / environment variable not set") })
        }
    }
}

/// Prints `label: 42% (12.0 / 28.5 MB)` at most every whole percent.
fn progress_printer(label: &'static str) -> impl FnMut(u64, u64) + Send {
    let mut shown = None;
    move |done, total| {
        let pct = done.saturating_mul(100).checked_div(total).unwrap_or(100).min(100);
        if shown != Some(pct) {
            shown = Some(pct);
            let mb = |b: u64| b as f64 / 1_048_576.0;
            eprintln!("  {label}: {pct:>3}% ({:.1} / {:.1} MB)", mb(done), mb(total));
        }
    }
}

fn backup_failed(e: app::system::backup::BackupError) -> Failure {
    use app::system::backup::BackupError as E;
    let code = match e {
        E::Exists(_) | E::NotABackup { .. } | E::Occupied(_) | E::OtherKey(_) | E::WrongPassphrase => 2,
        E::InUse | E::KeyMismatch { .. } => 2,
        _ => 1,
    };
    Failure { code, message: e.to_string() }
}

pub(super) async fn backup(
    settings: Settings,
    file: &std::path::Path,
    key: app::system::backup::KeyChoice,
) -> Result<(), Failure> {
    let copy_to = match &key {
        app::system::backup::KeyChoice::Separate(to) => to.clone(),
        app::system::backup::KeyChoice::Sealed(_) => None,
    };
    let made = app::system::backup::backup(&settings, file, key, progress_printer("备份 / backup"))
        .await
        .map_err(backup_failed)?;
    println!("备份完成 / backup written: {} ({} bytes)", file.display(), made.bytes);
    if made.key_sealed {
        println!(
            "密钥 {} 已用口令封存在备份中 / key {} is sealed in the backup with the passphrase",
            made.key_id, made.key_id
        );
    } else if let Some(to) = copy_to {
        println!(
            "密钥 {} 已另存到 {} ，请与备份分开保管 / key {} copied to {}: keep it apart from the backup",
            made.key_id,
            to.display(),
            made.key_id,
            to.display()
        );
    } else {
        println!(
            "注意：密钥 {} 不在备份中，恢复时需要数据目录中的 linli.key / note: key {} is not in the backup; restoring needs the data folder's linli.key",
            made.key_id, made.key_id
        );
    }
    Ok(())
}

pub(super) async fn restore(
    settings: Settings,
    file: &std::path::Path,
    pass: Option<String>,
    force: bool,
) -> Result<(), Failure> {
    let done =
        app::system::backup::restore(&settings, file, pass.as_deref(), force, progress_printer("恢复 / restore"))
            .await
            .map_err(backup_failed)?;
    if let Some(old) = &done.kept_old {
        println!("原数据库已改名保留 / the database that was there is kept as {}", old.display());
    }
    if done.key_unsealed {
        println!("密钥已从备份中取出 / the key was taken out of the backup");
    }
    // The restored copy is checked as the server would use it: migrated, chain intact.
    let app = open_app(&settings).await?;
    let verdict = app.verify_audit(|_| {}).await.map_err(refused);
    app.close().await;
    match verdict? {
        Verdict::Intact { entries } => {
            println!(
                "已恢复到 {} 的备份；审计日志完整（{entries} 条）/ restored the backup of {}; audit log intact ({entries} entries)",
                done.taken_at, done.taken_at
            );
            Ok(())
        }
        Verdict::Broken { seq } => Err(Failure::runtime(format!(
            "已恢复，但审计日志第 {seq} 条不完整 / restored, but the audit log is broken at entry {seq}"
        ))),
    }
}
