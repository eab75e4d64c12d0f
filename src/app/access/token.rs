//! API tokens for machine clients: shown once, stored hashed, scoped to a
//! region and a set of actions, revocable, last use recorded.

use chrono::{Duration, Utc};
use linli_store::access::token::{self as store, TokenRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::covers;
use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::system::keys::{random_token, sha256_hex};
use crate::app::{App, Error, Result};
use crate::domain::registry::region::RegionCode;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// File and read citizen requests through Open311.
    Open311,
    /// Act as a kiosk (智慧货架): identify residents, take payments.
    Kiosk,
    /// Read the audit log (log collectors, SIEM).
    Audit,
    /// Take SMS and WeChat messages from the outbox and confirm them (a gateway).
    Gateway,
}

/// Every scope.
pub const SCOPES: [Scope; 4] = [Scope::Open311, Scope::Kiosk, Scope::Audit, Scope::Gateway];

impl Scope {
    /// The typed and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Open311 => "open311",
            Scope::Kiosk => "kiosk",
            Scope::Audit => "audit",
            Scope::Gateway => "gateway",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<Scope> {
        SCOPES.into_iter().find(|x| x.as_str() == s.trim())
    }
}

/// Tokens start with this, so that leaked ones are easy to find in code and logs.
pub const PREFIX: &str = "linli_";

/// A token accepted on a request.
#[derive(Debug, Clone)]
pub struct Client {
    /// The token's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// Where.
    pub region: RegionCode,
}

impl Client {
    /// Whether the token may do `scope`.
    pub fn may(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Whether the token's region contains `code`.
    pub fn covers(&self, code: &str) -> bool {
        covers(self.region.as_str(), code)
    }

    /// The actor for audit entries.
    pub fn actor(&self, ip: &str) -> Actor {
        Actor::system(&format!("token:{}", self.name), ip)
    }
}

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Unknown, malformed or revoked.
    Invalid,
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split(',').filter_map(Scope::parse).collect()
}

impl App {
    /// Makes a token; returns its row and the token, which is never shown again.
    pub async fn create_token(
        &self,
        actor: &Actor,
        name: &str,
        scopes: &[Scope],
        region: &RegionCode,
    ) -> Result<(TokenRow, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(Error::invalid("name", Reason::TokenName));
        }
        if scopes.is_empty() {
            return Err(Error::invalid("scope", Reason::NoScope));
        }
        if linli_store::registry::region::get(self.db(), region.as_str()).await?.is_none() {
            return Err(Error::RegionNotFound);
        }
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        let token = format!("{PREFIX}{}", random_token());
        let row = TokenRow {
            id: Uuid::now_v7(),
            name: name.to_owned(),
            token_hash: sha256_hex(&token),
            scopes: scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","),
            region_code: region.as_str().to_owned(),
            created_at: Utc::now(),
            created_by: actor.label.clone(),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = self.db().begin().await?;
        store::insert(&mut tx, &row).await.map_err(|e| match e {
            linli_store::Error::Conflict { .. } => Error::invalid("name", Reason::TokenNameTaken),
            other => other.into(),
        })?;
        record(&mut tx, actor, "token.create", &row.name, json!({ "scopes": row.scopes, "region": row.region_code }))
            .await?;
        tx.commit().await?;
        Ok((row, token))
    }

    /// Every token (hashes only).
    pub async fn list_tokens(&self) -> Result<Vec<TokenRow>> {
        Ok(store::list(self.db()).await?)
    }

    /// Revokes a token by name or id.
    pub async fn revoke_token(&self, actor: &Actor, name: &str) -> Result<bool> {
        let row = store::by_name(self.db(), name).await?.ok_or(Error::NotFound("token"))?;
        let mut tx = self.db().begin().await?;
        let revoked = store::revoke(&mut tx, row.id, Utc::now()).await?;
        if revoked {
            record(&mut tx, actor, "token.revoke", &row.name, json!({})).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    /// Checks a token a client sent; records its use (once a minute at most).
    pub async fn authenticate_token(&self, token: &str) -> Result<Result<Client, TokenRefusal>> {
        if !token.starts_with(PREFIX) || token.len() > 128 {
            return Ok(Err(TokenRefusal::Invalid));
        }
        let Some(row) = store::by_hash(self.db(), &sha256_hex(token)).await? else {
            return Ok(Err(TokenRefusal::Invalid));
        };
        // A token whose region is no code (never made so) is no token.
        let (None, Ok(region)) = (row.revoked_at, RegionCode::parse(&row.region_code)) else {
            return Ok(Err(TokenRefusal::Invalid));
        };
        let now = Utc::now();
        if row.last_used_at.is_none_or(|t| now - t > Duration::seconds(60)) {
            store::touch(self.db(), row.id, now).await?;
        }
        Ok(Ok(Client { id: row.id, name: row.name, scopes: parse_scopes(&row.scopes), region }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip() {
        for s in SCOPES {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        assert_eq!(parse_scopes("open311,audit,bogus"), [Scope::Open311, Scope::Audit]);
        assert_eq!(Scope::parse("admin"), None);
    }
}
