//! Kiosk sessions (智慧货架): a resident identified at a kiosk, by ID
//! number, by phone and a one-time code, or by staff beside them. A
//! session is keyed by its community and id; a kiosk's pages carry only the
//! id (its token need not name one community), so a lookup by id alone is
//! served by an index of its own (`ix_kiosk_session_id`).

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "kiosk_session";
    /// A resident identified at a kiosk.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct KioskSessionRow {
        /// Community code.
        pub community_id: String,
        /// Identifier (in the kiosk's URLs).
        pub id: Uuid,
        /// The household whose bills it shows.
        pub household_id: Uuid,
        /// id_number or phone.
        pub method: String,
        /// The phone the code went to, sealed.
        pub phone_sealed: Option<String>,
        /// Keyed hash of the one-time code.
        pub code_hash: Option<String>,
        /// Wrong codes tried.
        pub attempts: i64,
        /// The kiosk's token name.
        pub device: String,
        /// Started.
        pub created_at: DateTime<Utc>,
        /// Ends.
        pub expires_at: DateTime<Utc>,
        /// When the resident was verified.
        pub verified_at: Option<DateTime<Utc>>,
    }
}

/// Starts a kiosk session.
pub async fn add_kiosk_session(tx: &mut Tx, k: &KioskSessionRow) -> Result<()> {
    let q = KioskSessionRow::insert().values_panic(k.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A kiosk session by id alone, whatever its community (the kiosk's own
/// pages know only the id).
pub async fn kiosk_session(db: &Db, id: Uuid) -> Result<Option<KioskSessionRow>> {
    let q = KioskSessionRow::select().and_where(Expr::col("id").eq(id)).to_owned();
    KioskSessionRow::one(db, &q).await
}

/// A kiosk session of a community.
pub async fn kiosk_session_in(db: &Db, community_id: &str, id: Uuid) -> Result<Option<KioskSessionRow>> {
    let q = KioskSessionRow::select_in(community_id).and_where(Expr::col("id").eq(id)).to_owned();
    KioskSessionRow::one(db, &q).await
}

/// Hands a session staff opened for a resident to the kiosk that is given
/// its code: once, before it ends, to one device.
pub async fn claim_assisted(
    tx: &mut Tx,
    code_hashes: &[String],
    device: &str,
    now: DateTime<Utc>,
) -> Result<Option<KioskSessionRow>> {
    let q = Query::update()
        .table("kiosk_session")
        .value("device", device)
        .value("verified_at", now)
        .and_where(Expr::col("method").eq("staff"))
        .and_where(Expr::col("device").eq(""))
        .and_where(Expr::col("expires_at").gt(now))
        .and_where(Expr::col("code_hash").is_in(code_hashes.iter().cloned()))
        .returning(Query::returning().columns(KioskSessionRow::COLUMNS))
        .to_owned();
    tx.fetch_optional(&q).await?.as_ref().map(KioskSessionRow::from_row).transpose()
}

/// Counts a try at a session's code if fewer than `max` were made; false
/// when they are used up. One statement: parallel tries cannot pass `max`.
pub async fn kiosk_try(db: &Db, community_id: &str, id: Uuid, max: i64) -> Result<bool> {
    let q = Query::update()
        .table("kiosk_session")
        .value("attempts", Expr::col("attempts").add(1))
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("attempts").lt(max))
        .to_owned();
    Ok(db.execute(&q).await? == 1)
}

/// Marks a session's resident identified.
pub async fn kiosk_verified(db: &Db, community_id: &str, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    let q = Query::update()
        .table("kiosk_session")
        .value("verified_at", at)
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// Ends a kiosk's session now (返回首页, or its minute without a touch):
/// reopening its address shows nothing. False if it had already ended.
pub async fn end_kiosk_session(db: &Db, device: &str, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let q = Query::update()
        .table("kiosk_session")
        .value("expires_at", now)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("device").eq(device))
        .and_where(Expr::col("expires_at").gt(now))
        .to_owned();
    Ok(db.execute(&q).await? == 1)
}
