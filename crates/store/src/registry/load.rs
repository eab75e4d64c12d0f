//! Bulk loads of the registry (an import, the demo town): the size of each
//! multi-row INSERT, and `person`'s indexes dropped and built again when a
//! load outnumbers the people already registered.

use sea_query::{Expr, ExprTrait, Query};

use crate::{Result, Tx};

/// The tables a bulk load fills (to refresh their statistics after).
pub const TABLES: [&str; 4] = ["building", "house", "household", "person"];

/// Rows per multi-row INSERT: far under both engines' parameter limits, and
/// one statement instead of a hundred (each statement costs SQLite's driver a
/// thread hand-off).
pub(crate) const BATCH: usize = 100;

/// The secondary indexes of `person` that a bulk load rebuilds, as
/// migrations 5, 7 and 21 made them. `ix_person_household` stays: a load adds
/// people in the order of their (time-ordered) household ids, at its end.
pub const PERSON_INDEXES: [(&str, &[&str]); 7] = [
    ("ix_person_id_hash", &["id_hash"]),
    ("ix_person_name", &["name"]),
    ("ix_person_pinyin", &["name_pinyin"]),
    ("ix_person_initials", &["name_initials"]),
    ("ix_person_id_tail_hash", &["id_tail_hash"]),
    ("ix_person_phone_tail", &["phone_tail4"]),
    ("ix_person_phone_hash", &["phone_hash"]),
];

/// How many people are registered (at most `cap`, counted cheaply).
async fn people_count_upto(tx: &mut Tx, cap: u64) -> Result<u64> {
    let inner = Query::select().column("id").from("person").limit(cap).to_owned();
    let q = Query::select().expr_as(Expr::col(("p", "id")).count(), "n").from_subquery(inner, "p").to_owned();
    let n: i64 = tx.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))?;
    Ok(n as u64)
}

/// Prepares a bulk load of `adding` people: when they outnumber those
/// already registered, on an engine where it is safe (SQLite: readers keep
/// their snapshot with the indexes until the load commits; PostgreSQL
/// would lock readers out), `person`'s secondary indexes are dropped, to be
/// built once by sorting in [`finish_bulk_load`] instead of being updated
/// at a random place per row. Returns whether they were.
pub async fn start_bulk_load(tx: &mut Tx, adding: usize) -> Result<bool> {
    if !crate::dialect::rebuild_indexes_in_bulk(tx.backend()) || adding < 20_000 {
        return Ok(false);
    }
    if people_count_upto(tx, adding as u64).await? >= adding as u64 {
        return Ok(false);
    }
    drop_person_indexes(tx).await?;
    Ok(true)
}

/// Rebuilds what [`start_bulk_load`] dropped.
pub async fn finish_bulk_load(tx: &mut Tx, dropped: bool) -> Result<()> {
    if dropped {
        create_person_indexes(tx).await?;
    }
    Ok(())
}

async fn drop_person_indexes(tx: &mut Tx) -> Result<()> {
    for (name, _) in PERSON_INDEXES {
        let drop = sea_query::Index::drop().name(name).table("person").to_owned();
        let sql = crate::dialect::drop_index(tx.backend(), &drop);
        tx.execute_sql(&sql).await?;
    }
    Ok(())
}

async fn create_person_indexes(tx: &mut Tx) -> Result<()> {
    for (name, cols) in PERSON_INDEXES {
        let mut create = sea_query::Index::create().name(name).table("person").to_owned();
        for c in cols {
            create.col(*c);
        }
        let sql = crate::dialect::create_index(tx.backend(), &create);
        tx.execute_sql(&sql).await?;
    }
    Ok(())
}
