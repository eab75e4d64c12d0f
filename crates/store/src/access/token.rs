//! API tokens.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "api_token";
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
}

/// Stores a new token.
pub async fn insert(tx: &mut Tx, t: &TokenRow) -> Result<()> {
    let q = TokenRow::insert().values_panic(t.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A token by the hash of what a client sent.
pub async fn by_hash(db: &Db, token_hash: &str) -> Result<Option<TokenRow>> {
    let q = TokenRow::select().and_where(Expr::col("token_hash").eq(token_hash)).to_owned();
    TokenRow::one(db, &q).await
}

/// A token by name or id text.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<TokenRow>> {
    let mut q = TokenRow::select();
    match Uuid::parse_str(name) {
        Ok(id) => q.and_where(Expr::col("id").eq(id)),
        Err(_) => q.and_where(Expr::col("name").eq(name)),
    };
    TokenRow::one(db, &q).await
}

/// Every token, oldest first.
pub async fn list(db: &Db) -> Result<Vec<TokenRow>> {
    let q = TokenRow::select().order_by("created_at", Order::Asc).to_owned();
    TokenRow::all(db, &q).await
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
