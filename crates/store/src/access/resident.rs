//! Resident links: an account linked to the person it is, so that a
//! resident sees their own household, requests and bills.

use chrono::Utc;
use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::registry::person::{PERSON_COLUMNS, PersonRow, person};
use crate::{Db, Result, Tx};

/// Links an account to the person it is.
pub async fn link_resident(tx: &mut Tx, community_id: &str, account_id: Uuid, person_id: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("resident_link")
        .columns(["community_id", "account_id", "person_id", "linked_at"])
        .values_panic([community_id.into(), account_id.into(), person_id.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The people an account is linked to (a resident's own records).
pub async fn linked_people(db: &Db, account_id: Uuid) -> Result<Vec<PersonRow>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS.iter().map(|c| ("person", *c)))
        .from("resident_link")
        .inner_join(
            "person",
            Expr::col(("person", "community_id"))
                .equals(("resident_link", "community_id"))
                .and(Expr::col(("person", "id")).equals(("resident_link", "person_id"))),
        )
        .and_where(Expr::col(("resident_link", "account_id")).eq(account_id))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(person).collect()
}

/// The households an account's linked people live in, as (community, household).
pub async fn linked_households(db: &Db, account_id: Uuid) -> Result<Vec<(String, Uuid)>> {
    Ok(linked_people(db, account_id).await?.into_iter().map(|p| (p.community_id, p.household_id)).collect())
}
