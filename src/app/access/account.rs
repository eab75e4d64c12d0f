//! Accounts and their grants: created by staff or at the command line,
//! with initial passwords that must be changed at first sign-in.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::Utc;
use linli_store::access::account::{self as store, AccountRow, GrantRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::access::password::{self, PasswordProblem};
use crate::domain::access::role::Role;
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::RegionCode;

/// What identifies an account at sign-in: a user name or a phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// A user name (lower-cased).
    Username(String),
    /// A mobile number.
    Phone(Phone),
}

impl Login {
    /// Reads what a person typed: a mobile number if it is one, else a user name.
    pub fn parse(text: &str) -> Option<Login> {
        let t = text.trim();
        if t.is_empty() || t.chars().count() > 64 {
            return None;
        }
        Some(match Phone::parse(t) {
            Ok(p) => Login::Phone(p),
            Err(_) => Login::Username(t.to_lowercase()),
        })
    }

    /// Safe to write in logs: user names as typed, phones masked.
    pub fn masked(&self) -> String {
        match self {
            Login::Username(u) => u.clone(),
            Login::Phone(p) => p.masked(),
        }
    }
}

/// A new account's details.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in name (letters, digits, `.`, `_`, `-`), optional when a phone is given.
    pub username: Option<String>,
    /// Name shown to others.
    pub display_name: String,
    /// Mobile number, optional when a user name is given.
    pub phone: Option<Phone>,
}

/// A user name: 3–32 of ASCII letters, digits, `.`, `_`, `-`; lower-cased.
pub fn parse_username(text: &str) -> Result<String> {
    let t = text.trim().to_lowercase();
    let ok = (3..=32).contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !t.bytes().all(|b| b.is_ascii_digit());
    if ok { Ok(t) } else { Err(Error::invalid("username", Reason::Username)) }
}

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> String {
    Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any password").to_string()
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A password to hand out: 12 characters without look-alikes (0/O, 1/l/I).
pub fn initial_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = crate::app::system::keys::random_bytes::<12>();
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// An account with its grants, phone masked.
#[derive(Debug, Clone)]
pub struct AccountView {
    /// The stored account.
    pub row: AccountRow,
    /// Masked phone, if any.
    pub phone_masked: Option<String>,
    /// Grants.
    pub grants: Vec<(Role, String)>,
}

impl AccountView {
    /// The user name, or the masked phone.
    pub fn login_label(&self) -> String {
        self.row.username.clone().or_else(|| self.phone_masked.clone()).unwrap_or_default()
    }

    /// How a timeline names them: the name people know them by (刘媛媛),
    /// their sign-in when they have none.
    pub fn shown_name(&self) -> String {
        let name = self.row.display_name.trim();
        if name.is_empty() { self.login_label() } else { name.to_owned() }
    }

    /// Whether any grant is a staff or admin role.
    pub fn is_staff(&self) -> bool {
        self.grants.iter().any(|(r, _)| r.is_staff())
    }

    /// Whether the account holds `role` on `code` or on a region above it.
    pub fn has_role_over(&self, role: Role, code: &str) -> bool {
        self.grants.iter().any(|(r, c)| *r == role && covers(c, code))
    }
}

/// Whether the region `scope` contains `code`. Codes carry their ancestors'
/// codes as prefixes once trailing zero groups are dropped.
pub fn covers(scope: &str, code: &str) -> bool {
    let trimmed = significant_prefix(scope);
    code.starts_with(trimmed)
}

/// A region code without its trailing zero groups: the prefix every code
/// below it starts with.
pub fn significant_prefix(code: &str) -> &str {
    // Region codes are digits; anything else (a path a stranger typed, say
    // `eè`) is compared whole, never cut inside a character.
    if !code.is_ascii() {
        return code;
    }
    for len in [2usize, 4, 6, 9] {
        if code.len() >= len && code[len..].bytes().all(|b| b == b'0') {
            return &code[..len];
        }
    }
    code
}

impl App {
    /// A resident's own name and phone, to fill in her own forms (she sees
    /// only what is hers; staff forms are for others and start empty).
    pub fn own_contact(&self, user: &crate::app::access::auth::User) -> (String, String) {
        if user.account.is_staff() {
            return (String::new(), String::new());
        }
        let phone = user.account.row.phone_sealed.as_deref().and_then(|s| self.open_sealed(s)).unwrap_or_default();
        (user.account.row.display_name.clone(), phone)
    }

    fn phone_hash(&self, phone: &Phone) -> String {
        self.keys().lookup_hash("phone", phone.as_str())
    }

    /// Finds an account by phone under every key of the ring; on a miss,
    /// re-reads a key file another process may have rotated, and tries again.
    async fn account_by_phone(&self, phone: &Phone) -> Result<Option<AccountRow>> {
        for attempt in 0..2 {
            let hashes = self.keys().lookup_hashes("phone", phone.as_str());
            if let Some(a) = store::find_by_phone_hashes(self.db(), &hashes).await? {
                return Ok(Some(a));
            }
            if attempt == 0 && !self.key_store().reload_if_changed() {
                break;
            }
        }
        Ok(None)
    }

    fn login_hash(&self, login: &Login) -> String {
        match login {
            Login::Username(u) => self.keys().lookup_hash("login", u),
            Login::Phone(p) => self.keys().lookup_hash("login", p.as_str()),
        }
    }

    /// The hash under which sign-in attempts for this login are counted.
    pub(crate) fn attempt_key(&self, login: &Login) -> String {
        self.login_hash(login)
    }

    /// Finds an account by what a person types at sign-in.
    pub async fn find_account(&self, login: &Login) -> Result<Option<AccountRow>> {
        Ok(match login {
            Login::Username(u) => store::find(self.db(), Some(u), None).await?,
            Login::Phone(p) => self.account_by_phone(p).await?,
        })
    }

    /// An account with grants, phone masked.
    pub async fn account_view(&self, row: AccountRow) -> Result<AccountView> {
        let phone_masked = row
            .phone_sealed
            .as_ref()
            .map(|s| self.open_sealed(s).and_then(|p| Phone::parse(&p).ok()).map_or("***".into(), |p| p.masked()));
        let grants = self
            .grants_of(row.id)
            .await?
            .into_iter()
            .filter_map(|GrantRow { role, region_code }| Role::parse(&role).map(|r| (r, region_code)))
            .collect();
        Ok(AccountView { row, phone_masked, grants })
    }

    /// An account's grants; kept 5 s, since every signed-in request reads
    /// them (a change here clears them; another server's shows that soon).
    async fn grants_of(&self, id: Uuid) -> Result<Vec<GrantRow>> {
        if let Some((at, grants)) = self.cache().grants.get(&id)
            && at.elapsed() < std::time::Duration::from_secs(5)
        {
            return Ok(grants.clone());
        }
        let grants = store::grants(self.db(), id).await?;
        let mut cache = self.cache();
        // Bounded: one entry per account signed in lately.
        if cache.grants.len() > 10_000 {
            cache.grants.clear();
        }
        cache.grants.insert(id, (std::time::Instant::now(), grants.clone()));
        Ok(grants)
    }

    /// Forgets cached grants after they changed.
    pub(crate) fn grants_changed(&self) {
        self.cache().grants.clear();
    }

    /// Creates an account with a generated initial password, returned once.
    pub async fn create_account(&self, actor: &Actor, new: NewAccount) -> Result<(AccountView, String)> {
        let password = initial_password();
        let mut tx = self.db().begin().await?;
        let row = self.insert_account(&mut tx, actor, new, hash_password(&password), true).await?;
        tx.commit().await?;
        Ok((self.account_view(row).await?, password))
    }

    /// Inserts an account inside the caller's transaction, with its audit entry.
    pub(crate) async fn insert_account(
        &self,
        tx: &mut linli_store::Tx,
        actor: &Actor,
        new: NewAccount,
        password_hash: String,
        must_change_password: bool,
    ) -> Result<AccountRow> {
        let username = new.username.as_deref().map(parse_username).transpose()?;
        if username.is_none() && new.phone.is_none() {
            return Err(Error::invalid("username", Reason::UsernameOrPhone));
        }
        let display_name = new.display_name.trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > 64 {
            return Err(Error::invalid("display_name", Reason::DisplayName));
        }
        let now = Utc::now();
        let row = AccountRow {
            id: Uuid::now_v7(),
            username: username.clone(),
            display_name,
            phone_sealed: new.phone.as_ref().map(|p| self.keys().seal(p.as_str())),
            phone_hash: new.phone.as_ref().map(|p| self.phone_hash(p)),
            password_hash,
            must_change_password,
            disabled: false,
            created_at: now,
            totp_sealed: None,
            totp_last_step: None,
        };
        store::insert(tx, &row).await.map_err(|e| match e {
            linli_store::Error::Conflict { constraint } if constraint.contains("phone") => {
                Error::invalid("phone", Reason::PhoneTaken)
            }
            linli_store::Error::Conflict { .. } => Error::invalid("username", Reason::UsernameTaken),
            other => other.into(),
        })?;
        let target = username.clone().unwrap_or_else(|| new.phone.as_ref().map(Phone::masked).unwrap_or_default());
        record(tx, actor, "account.create", &target, json!({ "id": row.id, "display_name": row.display_name })).await?;
        Ok(row)
    }

    /// Every account.
    pub async fn list_accounts(&self) -> Result<Vec<AccountView>> {
        let mut out = Vec::new();
        for row in store::list(self.db()).await? {
            out.push(self.account_view(row).await?);
        }
        Ok(out)
    }

    /// An account by user name or phone, or `NotFound`.
    pub async fn account_by_login(&self, text: &str) -> Result<AccountRow> {
        let login = Login::parse(text).ok_or(Error::NotFound("account"))?;
        self.find_account(&login).await?.ok_or(Error::NotFound("account"))
    }

    /// Grants a role on a region node.
    pub async fn grant(&self, actor: &Actor, account: &AccountRow, role: Role, region: &RegionCode) -> Result<bool> {
        if linli_store::registry::region::get(self.db(), region.as_str()).await?.is_none() {
            return Err(Error::RegionNotFound);
        }
        let mut tx = self.db().begin().await?;
        let added = store::grant(&mut tx, account.id, role.as_str(), region.as_str()).await?;
        if added {
            record(
                &mut tx,
                actor,
                "grant.add",
                &label(account),
                json!({ "role": role.as_str(), "region": region.as_str() }),
            )
            .await?;
        }
        tx.commit().await?;
        self.grants_changed();
        Ok(added)
    }

    /// Takes a role away.
    pub async fn revoke(&self, actor: &Actor, account: &AccountRow, role: Role, region: &RegionCode) -> Result<bool> {
        let mut tx = self.db().begin().await?;
        let removed = store::revoke(&mut tx, account.id, role.as_str(), region.as_str()).await?;
        if removed {
            record(
                &mut tx,
                actor,
                "grant.revoke",
                &label(account),
                json!({ "role": role.as_str(), "region": region.as_str() }),
            )
            .await?;
        }
        tx.commit().await?;
        self.grants_changed();
        Ok(removed)
    }

    /// Disables (or re-enables) sign-in; disabling ends every session.
    pub async fn set_disabled(&self, actor: &Actor, account: &AccountRow, disabled: bool) -> Result<()> {
        let mut tx = self.db().begin().await?;
        store::set_disabled(&mut tx, account.id, disabled).await?;
        let ended = if disabled { store::delete_sessions_of(&mut tx, account.id).await? } else { 0 };
        let action = if disabled { "account.disable" } else { "account.enable" };
        record(&mut tx, actor, action, &label(account), json!({ "sessions_ended": ended })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the password with a new initial one (returned once), to be
    /// changed at next sign-in; ends every session.
    pub async fn reset_password(&self, actor: &Actor, account: &AccountRow) -> Result<String> {
        let password = initial_password();
        let mut tx = self.db().begin().await?;
        store::set_password(&mut tx, account.id, &hash_password(&password), true).await?;
        let ended = store::delete_sessions_of(&mut tx, account.id).await?;
        record(&mut tx, actor, "account.reset_password", &label(account), json!({ "sessions_ended": ended })).await?;
        tx.commit().await?;
        Ok(password)
    }

    /// Sets a chosen password (checked against the policy), e.g. for the
    /// demo's published sign-ins; ends every session.
    pub async fn set_password(&self, actor: &Actor, account: &AccountRow, new: &str, must_change: bool) -> Result<()> {
        let username = account.username.clone().unwrap_or_default();
        password::check(new, &[&username]).map_err(|p| Error::invalid("password", Reason::Password(p)))?;
        let mut tx = self.db().begin().await?;
        store::set_password(&mut tx, account.id, &hash_password(new), must_change).await?;
        store::delete_sessions_of(&mut tx, account.id).await?;
        record(&mut tx, actor, "account.set_password", &label(account), json!({ "must_change": must_change })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The owner changes their password; every session ends, so the new
    /// password is needed everywhere at once.
    pub async fn change_password(
        &self,
        actor: &Actor,
        account: &AccountView,
        current: &str,
        new: &str,
    ) -> Result<(), PasswordChange> {
        if !verify_password(current, &account.row.password_hash) {
            return Err(PasswordChange::WrongCurrent);
        }
        if current == new {
            return Err(PasswordChange::Unchanged);
        }
        let phone = account.row.phone_sealed.as_deref().and_then(|s| self.open_sealed(s)).unwrap_or_default();
        let username = account.row.username.clone().unwrap_or_default();
        password::check(new, &[&phone, &username]).map_err(PasswordChange::Policy)?;
        let mut tx = self.db().begin().await.map_err(Error::from)?;
        store::set_password(&mut tx, account.row.id, &hash_password(new), false).await.map_err(Error::from)?;
        let all = store::delete_sessions_of(&mut tx, account.row.id).await.map_err(Error::from)?;
        record(&mut tx, actor, "account.change_password", &account.login_label(), json!({ "sessions_ended": all }))
            .await?;
        tx.commit().await.map_err(Error::from)?;
        Ok(())
    }

    /// Whether the database has no account yet.
    pub async fn has_no_accounts(&self) -> Result<bool> {
        Ok(!store::any(self.db()).await?)
    }
}

/// Why a password change was refused.
#[derive(Debug, thiserror::Error)]
pub enum PasswordChange {
    /// The current password is wrong.
    #[error("the current password is wrong")]
    WrongCurrent,
    /// The new password is the old one.
    #[error("the new password is the current one")]
    Unchanged,
    /// The new password breaks the policy.
    #[error("{0}")]
    Policy(PasswordProblem),
    /// Anything else.
    #[error(transparent)]
    Other(#[from] Error),
}

fn label(a: &AccountRow) -> String {
    a.username.clone().unwrap_or_else(|| a.id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_code_a_stranger_typed_is_compared_whole() {
        assert_eq!(significant_prefix("141102001000"), "141102001");
        assert_eq!(significant_prefix("140000"), "14");
        // Found by schemathesis: `/api/v1/registry/eè/grids` cut `è` in half and panicked.
        assert_eq!(significant_prefix("eè"), "eè");
        assert!(!covers("141102001002", "14è"));
    }

    #[test]
    fn logins_are_phones_when_they_look_like_phones() {
        assert!(matches!(Login::parse(" 138 1234 5678 "), Some(Login::Phone(_))));
        assert_eq!(Login::parse("WangLi"), Some(Login::Username("wangli".into())));
        assert_eq!(Login::parse("  "), None);
        assert_eq!(Login::parse("13812345678").unwrap().masked(), "138****5678");
    }

    #[test]
    fn usernames() {
        assert_eq!(parse_username(" Grid.Wang-1 ").unwrap(), "grid.wang-1");
        for bad in ["ab", "王丽", "a b c", "12345678", &"x".repeat(33)] {
            assert!(parse_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("Guitar-moon-42");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Guitar-moon-42", &h));
        assert!(!verify_password("guitar-moon-42", &h));
        assert!(!verify_password("x", "not a hash"));
        let p = initial_password();
        assert_eq!(p.len(), 12);
        assert!(password::check(&p, &[]).is_ok());
    }

    #[test]
    fn a_scope_covers_what_is_below_it() {
        assert!(covers("141102000000", "141102002006"));
        assert!(covers("141102002000", "141102002006"));
        assert!(covers("141102002006", "141102002006"));
        assert!(!covers("141102002000", "141102003005"));
        assert!(!covers("141102002006", "141102002000"));
        assert!(covers("140000000000", "141102002006"));
    }
}
