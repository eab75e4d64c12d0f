//! The TOTP second factor: enrolment, the code at sign-in, and the setting
//! that makes it mandatory for staff and admin roles.

use chrono::Utc;
use linli_store::access::account as store;
use serde_json::json;

use crate::app::access::account::AccountView;
use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::{LOCK_AFTER, LOCK_WINDOW_MINUTES, SignInError, User};
use crate::app::access::limit::Limit;
use crate::app::refusal::Reason;
use crate::app::system::keys::random_bytes;
use crate::app::{App, Error, Result};
use crate::domain::access::totp;

/// Wrong one-time codes per account in a window before the sign-in is abandoned.
pub const CODES: Limit = Limit { kind: "totp", max: LOCK_AFTER as i64, window_minutes: LOCK_WINDOW_MINUTES };

/// The setting that makes the second factor mandatory for staff.
pub const REQUIRED_FOR_STAFF: &str = "totp_required_for_staff";

/// A secret offered for enrolment: shown to the user, and sealed so that
/// the form can carry it back without the server keeping state.
pub struct Enrolment {
    /// Base32, for typing into an app.
    pub secret: String,
    /// `otpauth://` URI, for a link or QR code.
    pub uri: String,
    /// The secret sealed with linli's key.
    pub sealed: String,
}

/// Why a code was refused.
#[derive(Debug, thiserror::Error)]
pub enum CodeRefusal {
    /// Wrong, expired or already used.
    #[error("wrong code")]
    Wrong,
    /// Too many wrong codes: the sign-in is abandoned and the account locked for a while.
    #[error("locked")]
    Locked,
    /// Anything else.
    #[error(transparent)]
    Other(#[from] Error),
}

impl From<linli_store::Error> for CodeRefusal {
    fn from(e: linli_store::Error) -> Self {
        CodeRefusal::Other(e.into())
    }
}

impl App {
    /// Whether staff and admin roles must use a second factor.
    pub async fn second_factor_required(&self) -> Result<bool> {
        // Every staff request asks: the answer is kept a few seconds (a
        // change from the command line reaches a running server that soon).
        if let Some((at, required)) = self.cache().second_factor
            && at.elapsed() < std::time::Duration::from_secs(5)
        {
            return Ok(required);
        }
        let required = store::setting(self.db(), REQUIRED_FOR_STAFF).await?.as_deref() == Some("true");
        self.cache().second_factor = Some((std::time::Instant::now(), required));
        Ok(required)
    }

    /// Makes the second factor mandatory for staff (or not).
    pub async fn set_second_factor_required(&self, actor: &Actor, required: bool) -> Result<()> {
        let mut tx = self.db().begin().await?;
        store::set_setting(&mut tx, REQUIRED_FOR_STAFF, if required { "true" } else { "false" }, &actor.label).await?;
        record(&mut tx, actor, "setting.change", REQUIRED_FOR_STAFF, json!({ "value": required })).await?;
        tx.commit().await?;
        self.cache().second_factor = None;
        Ok(())
    }

    /// Whether this user must enrol before doing anything else.
    pub async fn must_enrol(&self, user: &User) -> Result<bool> {
        Ok(user.account.is_staff() && user.account.row.totp_sealed.is_none() && self.second_factor_required().await?)
    }

    /// A new secret to enrol.
    pub fn offer_enrolment(&self, account: &AccountView) -> Enrolment {
        let secret = totp::base32(&random_bytes::<20>());
        let uri = totp::uri(&secret, &account.login_label(), "邻里 linli");
        let sealed = self.keys().seal(&secret);
        Enrolment { secret, uri, sealed }
    }

    /// Turns the second factor on once the user proves their app shows the right code.
    pub async fn enrol(&self, user: &User, sealed: &str, code: &str, ip: &str) -> Result<bool> {
        let Some(secret_b32) = self.open_sealed(sealed) else { return Ok(false) };
        let Some(secret) = totp::from_base32(&secret_b32) else { return Ok(false) };
        let Some(step) = totp::verify(&secret, code, totp::step_of(Utc::now().timestamp()), None) else {
            return Ok(false);
        };
        let mut tx = self.db().begin().await?;
        store::set_totp(&mut tx, user.account.row.id, Some(sealed)).await?;
        store::use_totp_step(&mut tx, user.account.row.id, step).await?;
        record(&mut tx, &user.actor(ip), "totp.enable", &user.account.login_label(), json!({})).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Turns the second factor off (an admin, for someone who lost their phone).
    pub async fn remove_second_factor(&self, actor: &Actor, account: &store::AccountRow) -> Result<()> {
        let mut tx = self.db().begin().await?;
        store::set_totp(&mut tx, account.id, None).await?;
        let ended = store::delete_sessions_of(&mut tx, account.id).await?;
        let target = account.username.clone().unwrap_or_else(|| account.id.to_string());
        record(&mut tx, actor, "totp.remove", &target, json!({ "sessions_ended": ended })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Completes a half-finished sign-in with the one-time code.
    pub async fn complete_sign_in(&self, user: &User, code: &str, ip: &str) -> Result<(), CodeRefusal> {
        let account = &user.account.row;
        let now = Utc::now();
        let secret = account
            .totp_sealed
            .as_deref()
            .and_then(|s| self.open_sealed(s))
            .and_then(|b| totp::from_base32(&b))
            .ok_or(Error::invalid("code", Reason::NoSecondFactor))?;
        // Counted before it is checked, so that parallel guesses of the six
        // digits get no more tries than guesses one after another.
        let tries = self.count_attempt(&CODES, &account.id.to_string()).await?;
        let step = if tries.over() {
            None
        } else {
            totp::verify(&secret, code, totp::step_of(now.timestamp()), account.totp_last_step)
        };
        let mut tx = self.db().begin().await?;
        let accepted = match step {
            Some(s) => store::use_totp_step(&mut tx, account.id, s).await?,
            None => false,
        };
        if !accepted {
            let key = self.keys().lookup_hash("totp", &account.id.to_string());
            store::record_attempt(&mut tx, &key, ip, now, false).await?;
            record(&mut tx, &user.actor(ip), "signin.code_failure", &user.account.login_label(), json!({})).await?;
            if tries.n() >= CODES.max {
                // Abandon the half-finished sign-in: the password alone gets no further.
                store::delete_session(&mut tx, &user.session).await?;
                tx.commit().await?;
                return Err(CodeRefusal::Locked);
            }
            tx.commit().await?;
            return Err(CodeRefusal::Wrong);
        }
        store::complete_second_factor(&mut tx, &user.session).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "signin.success",
            &user.account.login_label(),
            json!({ "second_factor": true }),
        )
        .await?;
        tx.commit().await?;
        // The right code is no failure.
        self.give_back(&tries).await?;
        Ok(())
    }
}

impl From<CodeRefusal> for SignInError {
    fn from(r: CodeRefusal) -> Self {
        match r {
            CodeRefusal::Wrong => SignInError::BadCredentials,
            CodeRefusal::Locked => SignInError::Locked { minutes: LOCK_WINDOW_MINUTES },
            CodeRefusal::Other(e) => SignInError::Other(e),
        }
    }
}
