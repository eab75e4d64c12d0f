//! Waivers (减免) and refunds: asked for by one person, decided by another,
//! applied to the bill only within what it allows.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "bill_adjustment";
    /// A waiver or refund as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AdjustmentRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The bill.
        pub bill_id: Uuid,
        /// waive or refund.
        pub kind: String,
        /// Fen.
        pub amount: i64,
        /// Why.
        pub reason: String,
        /// The account that asked.
        pub requested_by: Uuid,
        /// Its label.
        pub requested_label: String,
        /// requested, approved, rejected.
        pub state: String,
        /// Who decided.
        pub decided_by: Option<String>,
        /// Asked at.
        pub created_at: DateTime<Utc>,
        /// Decided at.
        pub decided_at: Option<DateTime<Utc>>,
    }
}

/// Records a request.
pub async fn add_adjustment(tx: &mut Tx, a: &AdjustmentRow) -> Result<()> {
    let q = AdjustmentRow::insert().values_panic(a.values()).to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A community's adjustments, optionally in one state, newest first.
pub async fn adjustments(db: &Db, community_id: &str, state: Option<&str>) -> Result<Vec<AdjustmentRow>> {
    let mut q = AdjustmentRow::select_in(community_id).order_by("created_at", Order::Desc).limit(500).to_owned();
    if let Some(s) = state {
        q.and_where(Expr::col("state").eq(s));
    }
    AdjustmentRow::all(db, &q).await
}

/// Decides a request still open; false if someone decided it first.
pub async fn decide_adjustment(tx: &mut Tx, a: &AdjustmentRow) -> Result<bool> {
    let q = Query::update()
        .table("bill_adjustment")
        .value("state", a.state.clone())
        .value("decided_by", a.decided_by.clone())
        .value("decided_at", a.decided_at)
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.id))
        .and_where(Expr::col("state").eq("requested"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Applies an approved waiver (only up to what is owed) or refund (only up
/// to what was paid and kept); false when the bill no longer allows it.
pub async fn adjust_bill(tx: &mut Tx, a: &AdjustmentRow, now: DateTime<Utc>) -> Result<bool> {
    let (column, room) = if a.kind == "waive" {
        ("waived", Expr::col("amount").sub(Expr::col("waived")).sub(Expr::col("paid")).add(Expr::col("refunded")))
    } else {
        ("refunded", Expr::col("paid").sub(Expr::col("refunded")))
    };
    let q = Query::update()
        .table("bill")
        .value(column, Expr::col(column).add(a.amount))
        .value("updated_at", now)
        .and_where(Expr::col("community_id").eq(a.community_id.as_str()))
        .and_where(Expr::col("id").eq(a.bill_id))
        .and_where(room.gte(a.amount))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}
