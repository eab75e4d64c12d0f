//! Residents' registrations (自助注册), waiting for staff to verify them.

use chrono::{DateTime, Utc};
use sea_query::{Cond, Expr, ExprTrait, LikeExpr, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "registration";
    /// A registration waiting for staff.
    #[derive(Debug, Clone)]
    pub struct RegistrationRow {
        /// Community chosen by the registrant.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Name given.
        pub name: String,
        /// Masked ID number.
        pub id_masked: String,
        /// Sealed ID number.
        pub id_sealed: String,
        /// Sealed phone.
        pub phone_sealed: String,
        /// Phone hash.
        pub phone_hash: String,
        /// Masked phone.
        pub phone_masked: String,
        /// The chosen password's hash.
        pub password_hash: String,
        /// `pending`, `approved` or `rejected`.
        pub state: String,
        /// Submitted at.
        pub created_at: DateTime<Utc>,
    }
}

/// Stores a registration for staff to verify.
pub async fn insert_registration(tx: &mut Tx, r: &RegistrationRow) -> Result<()> {
    let q = RegistrationRow::insert().values_panic(r.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Pending registrations of communities whose codes start with one of `prefixes`.
pub async fn pending_registrations(db: &Db, prefixes: &[String]) -> Result<Vec<RegistrationRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = prefixes.iter().fold(Cond::any(), |c, p| {
        c.add(Expr::col("community_id").like(LikeExpr::new(format!("{}%", &p[..p.len().min(12)]))))
    });
    let q = RegistrationRow::select()
        .cond_where(scope)
        .and_where(Expr::col("state").eq("pending"))
        .order_by("created_at", Order::Asc)
        .to_owned();
    RegistrationRow::all(db, &q).await
}

/// Marks a pending registration decided; false if it was not pending.
pub async fn decide_registration(tx: &mut Tx, community_id: &str, id: Uuid, state: &str, by: &str) -> Result<bool> {
    let q = Query::update()
        .table("registration")
        .values([("state", state.into()), ("decided_by", by.into()), ("decided_at", Utc::now().into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq("pending"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The latest registration made with a phone (by any of its lookup hashes),
/// whatever its state: what sign-in tells a resident whose account does not
/// exist yet.
pub async fn registration_for_phone(db: &Db, phone_hashes: &[String]) -> Result<Option<RegistrationRow>> {
    let q = RegistrationRow::select()
        .and_where(Expr::col("phone_hash").is_in(phone_hashes.iter().cloned()))
        .order_by("created_at", Order::Desc)
        .limit(1)
        .to_owned();
    RegistrationRow::one(db, &q).await
}
