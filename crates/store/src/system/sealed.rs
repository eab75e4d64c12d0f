//! Every sealed personal value linli keeps, by table: what a key rotation
//! must seal again (with the keyed hashes taken of the same values), and
//! what tells whether an old key is still needed.

use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::{Db, Result, Tx};

/// A table with sealed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedTable {
    /// The table.
    pub table: &'static str,
    /// Whether its key is (community_id, id) rather than id alone.
    pub by_community: bool,
    /// Its sealed columns.
    pub sealed: &'static [&'static str],
    /// Plain columns the keyed hashes are taken with (a person's ID type).
    pub plain: &'static [&'static str],
}

/// Every table with sealed values.
pub const SEALED_TABLES: [SealedTable; 9] = [
    SealedTable { table: "account", by_community: false, sealed: &["phone_sealed", "totp_sealed"], plain: &[] },
    SealedTable { table: "person", by_community: true, sealed: &["id_sealed", "phone_sealed"], plain: &["id_type"] },
    SealedTable { table: "registration", by_community: true, sealed: &["id_sealed", "phone_sealed"], plain: &[] },
    SealedTable {
        table: "event",
        by_community: true,
        sealed: &["reporter_phone_sealed", "reporter_email_sealed"],
        plain: &[],
    },
    SealedTable { table: "service_application", by_community: true, sealed: &["phone_sealed"], plain: &[] },
    SealedTable { table: "appointment", by_community: true, sealed: &["phone_sealed"], plain: &[] },
    SealedTable { table: "kiosk_session", by_community: false, sealed: &["phone_sealed"], plain: &[] },
    SealedTable { table: "produce_order", by_community: true, sealed: &["phone_sealed"], plain: &[] },
    SealedTable { table: "daycare_contact", by_community: true, sealed: &["phone_sealed"], plain: &[] },
];

/// A row's sealed values (in the order of [`SealedTable::sealed`]) and
/// plain ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRow {
    /// Its community, where the key holds one.
    pub community: Option<String>,
    /// Its id.
    pub id: Uuid,
    /// The sealed values.
    pub sealed: Vec<Option<String>>,
    /// The plain values.
    pub plain: Vec<Option<String>>,
}

/// Every row of a table that holds a sealed value.
pub async fn sealed_rows(db: &Db, t: &SealedTable) -> Result<Vec<SealedRow>> {
    let mut q = Query::select().column("id").from(t.table).to_owned();
    if t.by_community {
        q.column("community_id");
    }
    q.columns(t.sealed.iter().copied()).columns(t.plain.iter().copied());
    let any = t.sealed.iter().fold(sea_query::Cond::any(), |c, col| c.add(Expr::col(*col).is_not_null()));
    q.cond_where(any);
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(SealedRow {
                community: if t.by_community { Some(r.get("community_id")?) } else { None },
                id: r.get("id")?,
                sealed: t.sealed.iter().map(|c| r.get::<Option<String>>(c)).collect::<Result<_>>()?,
                plain: t.plain.iter().map(|c| r.get::<Option<String>>(c)).collect::<Result<_>>()?,
            })
        })
        .collect()
}

/// Writes a row's values sealed again, with the hashes taken of them.
pub async fn reseal_row(
    tx: &mut Tx,
    t: &SealedTable,
    row: &SealedRow,
    values: Vec<(&'static str, Option<String>)>,
) -> Result<()> {
    let mut q = Query::update()
        .table(t.table)
        .values(values.into_iter().map(|(c, v)| (c, v.into())))
        .and_where(Expr::col("id").eq(row.id))
        .to_owned();
    if let Some(c) = &row.community {
        q.and_where(Expr::col("community_id").eq(c.as_str()));
    }
    tx.execute(&q).await?;
    Ok(())
}
