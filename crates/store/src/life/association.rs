//! Associations (协会) and their members: a resident asks to join, the
//! leader accepts.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "association";
    /// An association as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AssociationRow {
        /// Identifier.
        pub id: Uuid,
        /// Its community.
        pub community_id: String,
        /// Name (广场舞协会).
        pub name: String,
        /// What it does.
        pub about: String,
        /// When it meets, as people say it.
        pub meets: String,
        /// Where it meets.
        pub room_id: Option<Uuid>,
        /// The leader's account.
        pub leader_id: Uuid,
        /// The leader, as people know them.
        pub leader_name: String,
        /// Still going.
        pub active: bool,
        /// When it was added.
        pub created_at: DateTime<Utc>,
    }
}

row! {
    table "association_member";
    /// A member, or someone asking to be one.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MemberRow {
        /// The association.
        pub association_id: Uuid,
        /// Their account.
        pub account_id: Uuid,
        /// As people know them.
        pub name: String,
        /// asked or member.
        pub status: String,
        /// When they asked.
        pub asked_at: DateTime<Utc>,
        /// When the leader accepted.
        pub joined_at: Option<DateTime<Utc>>,
    }
}

/// Adds an association.
pub async fn add(tx: &mut Tx, a: &AssociationRow) -> Result<()> {
    tx.execute(&AssociationRow::insert().values_panic(a.values()).to_owned()).await?;
    Ok(())
}

/// One association.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<AssociationRow>> {
    AssociationRow::one(db, &AssociationRow::select().and_where(Expr::col("id").eq(id)).to_owned()).await
}

/// The associations of some communities, by name.
pub async fn in_communities(db: &Db, communities: &[String]) -> Result<Vec<AssociationRow>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let q = AssociationRow::select()
        .cond_where(super::under("association", communities))
        .and_where(Expr::col("active").eq(true))
        .order_by("name", Order::Asc)
        .to_owned();
    AssociationRow::all(db, &q).await
}

/// The associations an account leads.
pub async fn led_by(db: &Db, account: Uuid) -> Result<Vec<AssociationRow>> {
    let q = AssociationRow::select()
        .and_where(Expr::col("leader_id").eq(account))
        .and_where(Expr::col("active").eq(true))
        .order_by("name", Order::Asc)
        .to_owned();
    AssociationRow::all(db, &q).await
}

/// Someone asks to join (again: nothing changes). False when they already
/// asked or belong.
pub async fn ask(tx: &mut Tx, m: &MemberRow) -> Result<bool> {
    let exists = Query::select()
        .expr(Expr::val(1))
        .from("association_member")
        .and_where(Expr::col("association_id").eq(m.association_id))
        .and_where(Expr::col("account_id").eq(m.account_id))
        .to_owned();
    if tx.fetch_optional(&exists).await?.is_some() {
        return Ok(false);
    }
    tx.execute(&MemberRow::insert().values_panic(m.values()).to_owned()).await?;
    Ok(true)
}

/// The leader accepts someone who asked. False when they had not asked.
pub async fn accept(tx: &mut Tx, association: Uuid, account: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("association_member")
        .values([("status", "member".into()), ("joined_at", now.into())])
        .and_where(Expr::col("association_id").eq(association))
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("status").eq("asked"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Someone leaves, or the leader declines them. False when they were not there.
pub async fn remove(tx: &mut Tx, association: Uuid, account: Uuid) -> Result<bool> {
    let q = Query::delete()
        .from_table("association_member")
        .and_where(Expr::col("association_id").eq(association))
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Its members and those asking, those asking first.
pub async fn members(db: &Db, association: Uuid) -> Result<Vec<MemberRow>> {
    let q = MemberRow::select()
        .and_where(Expr::col("association_id").eq(association))
        .order_by("status", Order::Asc)
        .order_by("asked_at", Order::Asc)
        .to_owned();
    MemberRow::all(db, &q).await
}

/// An account's place in the associations: (association, status).
pub async fn of_account(db: &Db, account: Uuid) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["association_id", "status"])
        .from("association_member")
        .and_where(Expr::col("account_id").eq(account))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("association_id")?, r.get("status")?))).collect()
}

/// Whether an account belongs to an association, as the transaction sees it.
pub async fn is_member(tx: &mut Tx, association: Uuid, account: Uuid) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from("association_member")
        .and_where(Expr::col("association_id").eq(association))
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("status").eq("member"))
        .to_owned();
    Ok(tx.fetch_optional(&q).await?.is_some())
}
