//! Signing in and out, sessions and their timeouts, and the throttling that
//! stops password guessing.

use chrono::{DateTime, Duration, Utc};
use linli_store::access::account::{self as store, SessionRow};
use serde_json::json;

use crate::app::access::account::{AccountView, Login, verify_password};
use crate::app::access::audit::{Actor, record};
use crate::app::access::limit::Limit;
use crate::app::access::registration::Waiting;
use crate::app::system::keys::{random_token, sha256_hex};
use crate::app::{App, Error, Result};

/// How long a half-finished sign-in waits for its one-time code.
pub const SECOND_FACTOR_WAIT: Duration = Duration::minutes(5);

/// Failed attempts on one login that lock it.
pub const LOCK_AFTER: usize = 5;
/// The window in which they count, and how long the lock lasts.
pub const LOCK_WINDOW_MINUTES: i64 = 15;
/// Different logins failing from one address that block the address.
pub const ADDRESS_LIMIT: i64 = 10;

/// Failed sign-ins per account (or per login that has none) in a window.
pub const SIGNIN: Limit = Limit { kind: "signin", max: LOCK_AFTER as i64, window_minutes: LOCK_WINDOW_MINUTES };
/// Different logins one address may try without success in a window.
pub const SIGNIN_ADDRESS: Limit =
    Limit { kind: "signin-address", max: ADDRESS_LIMIT, window_minutes: LOCK_WINDOW_MINUTES };
/// Attempts on one login from one address: only its first counts at the address.
const SIGNIN_PAIR: Limit = Limit { kind: "signin-pair", max: i64::MAX, window_minutes: LOCK_WINDOW_MINUTES };

/// Idle timeout for staff and admin roles.
pub const STAFF_IDLE: Duration = Duration::minutes(30);
/// Longest a staff session lasts, however active.
pub const STAFF_ABSOLUTE: Duration = Duration::hours(12);
/// Idle timeout for residents.
pub const RESIDENT_IDLE: Duration = Duration::days(7);
/// Longest a resident session lasts.
pub const RESIDENT_ABSOLUTE: Duration = Duration::days(30);

/// Why a sign-in was refused. None of them tells whether the account exists.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong login or password.
    #[error("wrong login or password")]
    BadCredentials,
    /// Too many failures on this login: wait.
    #[error("locked for {minutes} more minutes")]
    Locked {
        /// Minutes left, rounded up.
        minutes: i64,
    },
    /// This address tried too many logins: wait.
    #[error("too many sign-in attempts from this address")]
    AddressBlocked,
    /// The account is disabled (said only after a correct password).
    #[error("account disabled")]
    Disabled,
    /// No account yet, but a registration with this phone and password:
    /// waiting for staff, or not approved (said only after a correct password).
    #[error("registration {0:?}")]
    Registration(Waiting),
    /// The database failed.
    #[error(transparent)]
    Other(#[from] Error),
}

impl From<linli_store::Error> for SignInError {
    fn from(e: linli_store::Error) -> Self {
        SignInError::Other(e.into())
    }
}

/// A new session: the cookie token (shown to the browser only) and the
/// account.
pub struct SignedIn {
    /// Goes into the session cookie.
    pub token: String,
    /// Whether the password must be changed before anything else.
    pub must_change_password: bool,
    /// Seconds until the session's absolute end.
    pub max_age_secs: i64,
    /// The account has a second factor: the session waits for the code.
    pub needs_second_factor: bool,
}

/// A signed-in user on a request.
#[derive(Debug, Clone)]
pub struct User {
    /// The account and grants.
    pub account: AccountView,
    /// The session's token hash.
    pub session: String,
    /// Client address at sign-in.
    pub ip: String,
}

impl User {
    /// The actor for audit entries made by this user.
    pub fn actor(&self, ip: &str) -> Actor {
        let role = self.account.grants.iter().map(|(r, _)| r.as_str()).max().unwrap_or("").to_owned();
        Actor {
            id: Some(self.account.row.id),
            label: self.account.login_label(),
            name: self.account.shown_name(),
            role,
            ip: ip.to_owned(),
        }
    }
}

/// What is still to do before a session may do anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The password was right; the one-time code is still to come.
    SecondFactor,
    /// An initial password (or one an admin reset) must be changed.
    ChangePassword,
    /// Staff must turn on the second factor (it is mandatory).
    EnrolSecondFactor,
}

impl Step {
    /// The page where this step is done.
    pub fn path(self) -> &'static str {
        match self {
            Step::SecondFactor => "/signin/code",
            Step::ChangePassword => "/account/password",
            Step::EnrolSecondFactor => "/account/totp",
        }
    }
}

/// What a session cookie turned out to be.
#[derive(Debug)]
pub enum SessionCheck {
    /// Signed in, every step done.
    Valid(Box<User>),
    /// Signed in part-way: the session may do nothing but this step (and
    /// sign out). Every surface — pages, API, exports, uploads — takes its
    /// user from `Valid` only.
    Unfinished(Box<User>, Step),
    /// The session timed out or was ended (sign out everywhere, password reset).
    Expired,
    /// No such session: a forged or tampered cookie.
    Unknown,
}

impl App {
    /// Signs in with a login (user name or phone) and password.
    pub async fn sign_in(
        &self,
        login_text: &str,
        password: &str,
        ip: &str,
        agent: &str,
    ) -> Result<SignedIn, SignInError> {
        let now = Utc::now();
        let login = Login::parse(login_text);
        let masked = login.as_ref().map_or_else(|| "(empty)".to_owned(), Login::masked);
        let anon = Actor::anonymous(&masked, ip);
        let account = match &login {
            Some(l) => self.find_account(l).await?,
            None => None,
        };
        // One counter per account, whichever of its logins (user name or
        // phone) is typed; a login with no account is counted as typed, so
        // that the answers do not tell which logins exist.
        let subject = match (&account, &login) {
            (Some(a), _) => format!("account:{}", a.id),
            (None, Some(l)) => format!("login:{}", self.attempt_key(l)),
            (None, None) => "login:".to_owned(),
        };
        let key = login.as_ref().map_or_else(|| sha256_hex(""), |l| self.attempt_key(l));

        // Each attempt is counted before the password is hashed, so that a
        // burst of parallel guesses gets no more through than one at a time.
        // The address counts the different logins it tries: the first
        // attempt on a login from an address counts there too.
        let pair = self.count_attempt(&SIGNIN_PAIR, &format!("{ip}\0{subject}")).await?;
        let address = if pair.n() == 1 { Some(self.count_attempt(&SIGNIN_ADDRESS, ip).await?) } else { None };
        let address_over = match &address {
            Some(a) => a.over(),
            None => self.attempts_so_far(&SIGNIN_ADDRESS, ip).await? > SIGNIN_ADDRESS.max,
        };
        if address_over {
            self.note(&anon, "signin.address_blocked", &masked).await?;
            return Err(SignInError::AddressBlocked);
        }
        let tries = self.count_attempt(&SIGNIN, &subject).await?;
        if tries.over() {
            self.note(&anon, "signin.locked", &masked).await?;
            return Err(SignInError::Locked { minutes: tries.minutes_left() });
        }

        // Hash even when there is no account, so timing does not tell.
        let mut waiting = None;
        let ok = match (&account, &login) {
            (Some(a), _) => verify_password(password, &a.password_hash),
            (None, Some(Login::Phone(phone))) => {
                // A resident who registered and is not verified yet: her
                // password opens her registration, not an account.
                waiting = self.registration_waiting(phone, password).await?;
                false
            }
            (None, _) => {
                verify_password(password, &DUMMY_HASH);
                false
            }
        };
        if let Some(w) = waiting {
            self.give_back(&tries).await?;
            self.give_back(&pair).await?;
            if let Some(a) = &address {
                self.give_back(a).await?;
            }
            self.note(&anon, "signin.registration_waiting", &masked).await?;
            return Err(SignInError::Registration(w));
        }
        if ok {
            // A correct password is no failure: its attempt is given back.
            self.give_back(&tries).await?;
            self.give_back(&pair).await?;
            if let Some(a) = &address {
                self.give_back(a).await?;
            }
        }
        let mut tx = self.db().begin().await?;
        if !ok {
            store::record_attempt(&mut tx, &key, ip, now, false).await?;
            record(&mut tx, &anon, "signin.failure", &masked, json!({ "failures": tries.n() })).await?;
            tx.commit().await?;
            // The attempt that reaches the limit is told at once.
            if tries.last_allowed() {
                return Err(SignInError::Locked { minutes: tries.minutes_left() });
            }
            return Err(SignInError::BadCredentials);
        }
        let account = account.expect("a correct password has an account");
        if account.disabled {
            record(&mut tx, &anon, "signin.disabled", &masked, json!({})).await?;
            tx.commit().await?;
            return Err(SignInError::Disabled);
        }
        store::record_attempt(&mut tx, &key, ip, now, true).await?;
        let view = self.account_view(account).await?;
        let (idle, absolute) =
            if view.is_staff() { (STAFF_IDLE, STAFF_ABSOLUTE) } else { (RESIDENT_IDLE, RESIDENT_ABSOLUTE) };
        let token = random_token();
        let needs_second_factor = view.row.totp_sealed.is_some();
        let session = SessionRow {
            token_hash: sha256_hex(&token),
            account_id: view.row.id,
            csrf_token: random_token(),
            created_at: now,
            last_seen_at: now,
            idle_secs: idle.num_seconds(),
            expires_at: now + absolute,
            ip: ip.to_owned(),
            user_agent: agent.chars().take(256).collect(),
            second_factor_pending: needs_second_factor,
        };
        store::insert_session(&mut tx, &session).await?;
        let user = User { account: view, session: session.token_hash.clone(), ip: ip.to_owned() };
        let action = if needs_second_factor { "signin.password_ok" } else { "signin.success" };
        record(&mut tx, &user.actor(ip), action, &masked, json!({ "idle_secs": session.idle_secs })).await?;
        tx.commit().await?;
        Ok(SignedIn {
            token,
            must_change_password: user.account.row.must_change_password,
            max_age_secs: absolute.num_seconds(),
            needs_second_factor,
        })
    }

    /// Records a refusal or a small event in the audit log, on its own.
    pub(crate) async fn note(&self, actor: &Actor, action: &str, target: &str) -> Result<()> {
        let mut tx = self.db().begin().await?;
        record(&mut tx, actor, action, target, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Looks up the session behind a cookie token, enforcing its timeouts.
    pub async fn session(&self, token: &str) -> Result<SessionCheck> {
        let hash = sha256_hex(token);
        let Some((s, account)) = store::session_with_account(self.db(), &hash).await? else {
            return Ok(SessionCheck::Unknown);
        };
        let now = Utc::now();
        let waited_too_long = s.second_factor_pending && now - s.created_at > SECOND_FACTOR_WAIT;
        if now >= s.expires_at || now - s.last_seen_at > Duration::seconds(s.idle_secs) || waited_too_long {
            let mut tx = self.db().begin().await?;
            store::delete_session(&mut tx, &hash).await?;
            tx.commit().await?;
            return Ok(SessionCheck::Expired);
        }
        if account.disabled {
            return Ok(SessionCheck::Expired);
        }
        // One write a minute at most, not one per request.
        if now - s.last_seen_at > Duration::seconds(60) {
            store::touch_session(self.db(), &hash, now).await?;
        }
        let account = self.account_view(account).await?;
        let user = Box::new(User { account, session: hash, ip: s.ip });
        // The code first, then the initial password, then enrolment.
        let step = if s.second_factor_pending {
            Some(Step::SecondFactor)
        } else if user.account.row.must_change_password {
            Some(Step::ChangePassword)
        } else if self.must_enrol(&user).await? {
            Some(Step::EnrolSecondFactor)
        } else {
            None
        };
        Ok(match step {
            Some(step) => SessionCheck::Unfinished(user, step),
            None => SessionCheck::Valid(user),
        })
    }

    /// Ends this session.
    pub async fn sign_out(&self, user: &User, ip: &str) -> Result<()> {
        let mut tx = self.db().begin().await?;
        store::delete_session(&mut tx, &user.session).await?;
        record(&mut tx, &user.actor(ip), "signout", &user.account.login_label(), json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of this user, on every device.
    pub async fn sign_out_everywhere(&self, user: &User, ip: &str) -> Result<u64> {
        let mut tx = self.db().begin().await?;
        let n = store::delete_sessions_of(&mut tx, user.account.row.id).await?;
        record(&mut tx, &user.actor(ip), "signout.everywhere", &user.account.login_label(), json!({ "sessions": n }))
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The form token bound to `binding` (a session's token hash, or a
    /// pre-session id): an HMAC under linli's key, so that only this server
    /// can make one, and one for another session is worthless.
    pub fn form_token(&self, kind: &str, binding: &str) -> String {
        self.keys().lookup_hash(&format!("form-token-{kind}"), binding)
    }

    /// A session's start and last activity, for the account page.
    pub async fn session_times(&self, user: &User) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
        Ok(store::session(self.db(), &user.session).await?.map(|s| (s.created_at, s.expires_at)))
    }
}

/// The hash of a random password, verified against when the account does
/// not exist so that both cases take as long.
pub(crate) static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| crate::app::access::account::hash_password(&random_token()));
