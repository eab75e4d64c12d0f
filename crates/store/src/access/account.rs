//! Accounts, role grants, sessions and sign-in attempts.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Func, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "account";
    /// An account as stored (the phone sealed, the password hashed).
    #[derive(Debug, Clone)]
    pub struct AccountRow {
        /// Identifier.
        pub id: Uuid,
        /// Sign-in name, if any.
        pub username: Option<String>,
        /// Name shown to others.
        pub display_name: String,
        /// Sealed phone number.
        pub phone_sealed: Option<String>,
        /// Keyed hash of the phone number.
        pub phone_hash: Option<String>,
        /// argon2id PHC string.
        pub password_hash: String,
        /// An initial password handed out by staff: change at next sign-in.
        pub must_change_password: bool,
        /// Sign-in refused.
        pub disabled: bool,
        /// Created.
        pub created_at: DateTime<Utc>,
        /// Sealed TOTP secret, when the second factor is on.
        pub totp_sealed: Option<String>,
        /// The last TOTP step accepted (no replays).
        pub totp_last_step: Option<i64>,
    }
}

/// Inserts an account.
pub async fn insert(tx: &mut Tx, a: &AccountRow) -> Result<()> {
    let now = Utc::now();
    let q = Query::insert()
        .into_table("account")
        .columns(AccountRow::COLUMNS.into_iter().chain(["updated_at"]))
        .values_panic([
            a.id.into(),
            a.username.clone().into(),
            a.display_name.clone().into(),
            a.phone_sealed.clone().into(),
            a.phone_hash.clone().into(),
            a.password_hash.clone().into(),
            a.must_change_password.into(),
            a.disabled.into(),
            a.created_at.into(),
            a.totp_sealed.clone().into(),
            a.totp_last_step.into(),
            now.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Finds an account by user name or by phone hash.
pub async fn find(db: &Db, username: Option<&str>, phone_hash: Option<&str>) -> Result<Option<AccountRow>> {
    let mut q = AccountRow::select();
    match (username, phone_hash) {
        (Some(u), _) => q.and_where(Expr::col("username").eq(u)),
        (None, Some(h)) => q.and_where(Expr::col("phone_hash").eq(h)),
        (None, None) => return Ok(None),
    };
    AccountRow::one(db, &q).await
}

/// An account whose phone hash is any of `hashes` (one per key of the ring).
pub async fn find_by_phone_hashes(db: &Db, hashes: &[String]) -> Result<Option<AccountRow>> {
    let q = AccountRow::select().and_where(Expr::col("phone_hash").is_in(hashes.iter().cloned())).limit(1).to_owned();
    AccountRow::one(db, &q).await
}

/// Every account's sealed values: (id, phone sealed, TOTP secret sealed).
pub async fn all_sealed(db: &Db) -> Result<Vec<(Uuid, Option<String>, Option<String>)>> {
    let q = Query::select().columns(["id", "phone_sealed", "totp_sealed"]).from("account").to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("phone_sealed")?, r.get("totp_sealed")?))).collect()
}

/// Replaces an account's sealed values and phone hash (key rotation).
pub async fn reseal(
    tx: &mut Tx,
    id: Uuid,
    phone_sealed: Option<String>,
    phone_hash: Option<String>,
    totp_sealed: Option<String>,
) -> Result<u64> {
    let q = Query::update()
        .table("account")
        .values([
            ("phone_sealed", phone_sealed.into()),
            ("phone_hash", phone_hash.into()),
            ("totp_sealed", totp_sealed.into()),
        ])
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await
}

/// One account by id.
pub async fn get(db: &Db, id: Uuid) -> Result<Option<AccountRow>> {
    let q = AccountRow::select().and_where(Expr::col("id").eq(id)).to_owned();
    AccountRow::one(db, &q).await
}

/// Every account, by user name.
pub async fn list(db: &Db) -> Result<Vec<AccountRow>> {
    let q = AccountRow::select().order_by("created_at", Order::Asc).to_owned();
    AccountRow::all(db, &q).await
}

/// Whether any account exists (to tell how to create the first admin).
pub async fn any(db: &Db) -> Result<bool> {
    let q = Query::select().expr_as(Func::count(Expr::col("id")), "n").from("account").to_owned();
    let n: i64 = db.fetch_optional(&q).await?.map(|r| r.get("n")).transpose()?.unwrap_or(0);
    Ok(n > 0)
}

/// Sets a new password hash and whether it must be changed at next sign-in.
pub async fn set_password(tx: &mut Tx, id: Uuid, hash: &str, must_change: bool) -> Result<u64> {
    let q = Query::update()
        .table("account")
        .values([
            ("password_hash", hash.into()),
            ("must_change_password", must_change.into()),
            ("updated_at", Utc::now().into()),
        ])
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await
}

/// Turns the second factor on (a sealed secret) or off (`None`).
pub async fn set_totp(tx: &mut Tx, id: Uuid, sealed: Option<&str>) -> Result<u64> {
    let q = Query::update()
        .table("account")
        .values([
            ("totp_sealed", sealed.map(str::to_owned).into()),
            ("totp_last_step", Option::<i64>::None.into()),
            ("updated_at", Utc::now().into()),
        ])
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await
}

/// Records the TOTP step just used, if it is newer than the last one;
/// returns false when another request used it first.
pub async fn use_totp_step(tx: &mut Tx, id: Uuid, step: i64) -> Result<bool> {
    let q = Query::update()
        .table("account")
        .value("totp_last_step", step)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("totp_last_step").is_null().or(Expr::col("totp_last_step").lt(step)))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Enables or disables sign-in.
pub async fn set_disabled(tx: &mut Tx, id: Uuid, disabled: bool) -> Result<u64> {
    let q = Query::update()
        .table("account")
        .values([("disabled", disabled.into()), ("updated_at", Utc::now().into())])
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    tx.execute(&q).await
}

row! {
    /// A role on a region node.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GrantRow {
        /// Role name.
        pub role: String,
        /// Region code the role applies to (and everything below it).
        pub region_code: String,
    }
}

/// Adds a grant; returns false if it was already there.
pub async fn grant(tx: &mut Tx, account_id: Uuid, role: &str, region_code: &str) -> Result<bool> {
    let exists = Query::select()
        .column("role")
        .from("role_grant")
        .and_where(Expr::col("account_id").eq(account_id))
        .and_where(Expr::col("role").eq(role))
        .and_where(Expr::col("region_code").eq(region_code))
        .to_owned();
    if tx.fetch_optional(&exists).await?.is_some() {
        return Ok(false);
    }
    let q = Query::insert()
        .into_table("role_grant")
        .columns(["account_id", "role", "region_code", "granted_at"])
        .values_panic([account_id.into(), role.into(), region_code.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(true)
}

/// Removes a grant; returns false if there was none.
pub async fn revoke(tx: &mut Tx, account_id: Uuid, role: &str, region_code: &str) -> Result<bool> {
    let q = Query::delete()
        .from_table("role_grant")
        .and_where(Expr::col("account_id").eq(account_id))
        .and_where(Expr::col("role").eq(role))
        .and_where(Expr::col("region_code").eq(region_code))
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// An account's grants.
pub async fn grants(db: &Db, account_id: Uuid) -> Result<Vec<GrantRow>> {
    let q = Query::select()
        .columns(["role", "region_code"])
        .from("role_grant")
        .and_where(Expr::col("account_id").eq(account_id))
        .order_by("region_code", Order::Asc)
        .order_by("role", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(GrantRow::from_row).collect()
}

/// The accounts (id, display name) holding one of `roles` on exactly one
/// of `codes`, by name: e.g. the grid workers and staff of a grid and its
/// community, whom staff may assign an event to.
pub async fn granted_on(db: &Db, roles: &[&str], codes: &[&str]) -> Result<Vec<(Uuid, String)>> {
    if roles.is_empty() || codes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .distinct()
        .column(("account", "id"))
        .column(("account", "display_name"))
        .from("account")
        .inner_join("role_grant", Expr::col(("role_grant", "account_id")).equals(("account", "id")))
        .and_where(Expr::col(("role_grant", "role")).is_in(roles.iter().copied()))
        .and_where(Expr::col(("role_grant", "region_code")).is_in(codes.iter().copied()))
        .and_where(Expr::col(("account", "disabled")).eq(false))
        .order_by(("account", "display_name"), Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("display_name")?))).collect()
}

row! {
    table "session";
    /// A signed-in session as stored.
    #[derive(Debug, Clone)]
    pub struct SessionRow {
        /// SHA-256 of the cookie token.
        pub token_hash: String,
        /// Whose.
        pub account_id: Uuid,
        /// The token forms must echo.
        pub csrf_token: String,
        /// Signed in at.
        pub created_at: DateTime<Utc>,
        /// Last request at (updated at most once a minute).
        pub last_seen_at: DateTime<Utc>,
        /// Idle timeout.
        pub idle_secs: i64,
        /// Absolute end.
        pub expires_at: DateTime<Utc>,
        /// Client address at sign-in.
        pub ip: String,
        /// Browser at sign-in.
        pub user_agent: String,
        /// The password was right; the one-time code is still to come.
        pub second_factor_pending: bool,
    }
}

/// Stores a new session.
pub async fn insert_session(tx: &mut Tx, s: &SessionRow) -> Result<()> {
    let q = SessionRow::insert().values_panic(s.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A session by token hash.
pub async fn session(db: &Db, token_hash: &str) -> Result<Option<SessionRow>> {
    let q = SessionRow::select().and_where(Expr::col("token_hash").eq(token_hash)).to_owned();
    SessionRow::one(db, &q).await
}

/// A session and its account, in one query (every signed-in request asks).
pub async fn session_with_account(db: &Db, token_hash: &str) -> Result<Option<(SessionRow, AccountRow)>> {
    let mut q = Query::select().from("session").to_owned();
    for c in SessionRow::COLUMNS {
        q.expr_as(Expr::col(("session", c)), format!("s_{c}"));
    }
    for c in AccountRow::COLUMNS {
        q.expr_as(Expr::col(("account", c)), c);
    }
    q.inner_join("account", Expr::col(("account", "id")).equals(("session", "account_id")))
        .and_where(Expr::col(("session", "token_hash")).eq(token_hash));
    db.fetch_optional(&q)
        .await?
        .map(|r| {
            let session = SessionRow {
                token_hash: r.get("s_token_hash")?,
                account_id: r.get("s_account_id")?,
                csrf_token: r.get("s_csrf_token")?,
                created_at: r.get("s_created_at")?,
                last_seen_at: r.get("s_last_seen_at")?,
                idle_secs: r.get("s_idle_secs")?,
                expires_at: r.get("s_expires_at")?,
                ip: r.get("s_ip")?,
                user_agent: r.get("s_user_agent")?,
                second_factor_pending: r.get("s_second_factor_pending")?,
            };
            Ok((session, AccountRow::from_row(&r)?))
        })
        .transpose()
}

/// Records activity on a session.
pub async fn touch_session(db: &Db, token_hash: &str, at: DateTime<Utc>) -> Result<()> {
    let q = Query::update()
        .table("session")
        .value("last_seen_at", at)
        .and_where(Expr::col("token_hash").eq(token_hash))
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// The one-time code was right: the session is complete.
pub async fn complete_second_factor(tx: &mut Tx, token_hash: &str) -> Result<u64> {
    let q = Query::update()
        .table("session")
        .values([("second_factor_pending", false.into()), ("last_seen_at", Utc::now().into())])
        .and_where(Expr::col("token_hash").eq(token_hash))
        .to_owned();
    tx.execute(&q).await
}

/// A security setting's value.
pub async fn setting(db: &Db, name: &str) -> Result<Option<String>> {
    let q = Query::select().column("value").from("setting").and_where(Expr::col("name").eq(name)).to_owned();
    db.fetch_optional(&q).await?.map(|r| r.get("value")).transpose()
}

/// Sets a security setting.
pub async fn set_setting(tx: &mut Tx, name: &str, value: &str, by: &str) -> Result<()> {
    tx.execute(&Query::delete().from_table("setting").and_where(Expr::col("name").eq(name)).to_owned()).await?;
    let q = Query::insert()
        .into_table("setting")
        .columns(["name", "value", "updated_at", "updated_by"])
        .values_panic([name.into(), value.into(), Utc::now().into(), by.into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Ends one session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<u64> {
    tx.execute(&Query::delete().from_table("session").and_where(Expr::col("token_hash").eq(token_hash)).to_owned())
        .await
}

/// Ends every session of an account; returns how many.
pub async fn delete_sessions_of(tx: &mut Tx, account_id: Uuid) -> Result<u64> {
    tx.execute(&Query::delete().from_table("session").and_where(Expr::col("account_id").eq(account_id)).to_owned())
        .await
}

/// Records a sign-in attempt (the history; limits are counted in [`crate::access::limit`]).
pub async fn record_attempt(tx: &mut Tx, login_hash: &str, ip: &str, at: DateTime<Utc>, succeeded: bool) -> Result<()> {
    let q = Query::insert()
        .into_table("login_attempt")
        .columns(["id", "login_hash", "ip", "at", "succeeded"])
        .values_panic([Uuid::now_v7().into(), login_hash.into(), ip.into(), at.into(), succeeded.into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}
