//! API tokens.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::{Db, Result, Row, Tx};

/// A token as stored (its hash, never the token).
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// Identifier.
    pub id: Uuid,
    /// Unique name, e.g. `open311-app`.
    pub name: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Comma-separated scopes.
    pub scopes: String,
    /// Region the token may act in.
    pub region_code: String,
    /// Made at.
    pub created_at: DateTime<Utc>,
    /// Made by.
    pub created_by: String,
    /// Last accepted (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked at.
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: [&str; 9] =
    ["id", "name", "token_hash", "scopes", "region_code", "created_at", "created_by", "last_used_at", "revoked_at"];

fn from_row(r: &Row) -> Result<TokenRow> {
    Ok(TokenRow {
        id: r.get("id")?,
        name: r.get("name")?,
        token_hash: r.get("token_hash")?,
        scopes: r.get("scopes")?,
        region_code: r.get("region_code")?,
        created_at: r.get("created_at")?,
        created_by: r.get("created_by")?,
        last_used_at: r.get("last_used_at")?,
        revoked_at: r.get("revoked_at")?,
    })
}

/// Stores a new token.
pub async fn insert(tx: &mut Tx, t: &TokenRow) -> Result<()> {
    let q = Query::insert()
        .into_table("api_token")
        .columns(COLUMNS)
        .values_panic([
            t.id.into(),
            t.name.clone().into(),
            t.token_hash.clone().into(),
            t.scopes.clone().into(),
            t.region_code.clone().into(),
            t.created_at.into(),
            t.created_by.clone().into(),
            t.last_used_at.into(),
            t.revoked_at.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A token by the hash of what a client sent.
pub async fn by_hash(db: &Db, token_hash: &str) -> Result<Option<TokenRow>> {
    let q =
        Query::select().columns(COLUMNS).from("api_token").and_where(Expr::col("token_hash").eq(token_hash)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(from_row).transpose()
}

/// A token by name or id text.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<TokenRow>> {
    let mut q = Query::select().columns(COLUMNS).from("api_token").to_owned();
    match Uuid::parse_str(name) {
        Ok(id) => q.and_where(Expr::col("id").eq(id)),
        Err(_) => q.and_where(Expr::col("name").eq(name)),
    };
    db.fetch_optional(&q).await?.as_ref().map(from_row).transpose()
}

/// Every token, oldest first.
pub async fn list(db: &Db) -> Result<Vec<TokenRow>> {
    let q = Query::select().columns(COLUMNS).from("api_token").order_by("created_at", Order::Asc).to_owned();
    db.fetch_all(&q).await?.iter().map(from_row).collect()
}

/// Marks a token revoked; false if it already was.
pub async fn revoke(tx: &mut Tx, id: Uuid, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("api_token")
        .value("revoked_at", at)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("revoked_at").is_null())
        .to_owned();
    Ok(tx.execute(&q).await? > 0)
}

/// Records use.
pub async fn touch(db: &Db, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    db.execute(
        &Query::update().table("api_token").value("last_used_at", at).and_where(Expr::col("id").eq(id)).to_owned(),
    )
    .await?;
    Ok(())
}
