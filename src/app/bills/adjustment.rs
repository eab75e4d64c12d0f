//! Waivers (减免) and refunds (退款): one person asks, another decides,
//! and approval moves the bill's money at once.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;

/// A waiver or refund as asked for.
#[derive(Debug, Clone)]
pub struct Adjustment {
    /// The bill's community.
    pub community: String,
    /// The bill.
    pub bill: Uuid,
    /// `waive` (减免) or `refund` (退款).
    pub kind: String,
    /// How much.
    pub amount: Fen,
    /// Why (2–200 characters).
    pub reason: String,
}

/// A waiver or refund with where it is.
#[derive(Debug, Clone)]
pub struct AdjustmentView {
    /// The request.
    pub row: linli_store::bills::adjustment::AdjustmentRow,
    /// The bill's house: 3号楼 1-101.
    pub address: String,
    /// The bill: 物业费 · 2026-11.
    pub fee: String,
}

impl App {
    /// Asks for a waiver or a refund; a second person decides.
    pub async fn request_adjustment(
        &self,
        user: &User,
        ip: &str,
        a: Adjustment,
    ) -> Result<linli_store::bills::adjustment::AdjustmentRow> {
        Self::may_bill(user, &a.community)?;
        let reason = a.reason.trim().to_owned();
        if !(2..=200).contains(&reason.chars().count()) {
            return Err(Error::invalid("reason", Reason::AdjustmentReason));
        }
        let fees = self.fee_items(&Error::community(&a.community)?).await?;
        let bill = linli_store::bills::bill::bill_by_id(self.db(), &a.community, a.bill)
            .await?
            .ok_or(Error::NotFound("bill"))?;
        let ledger = self.bill_view(bill, &fees).ledger;
        let checked = match a.kind.as_str() {
            "waive" => ledger.waive(a.amount),
            "refund" => ledger.refund(a.amount),
            _ => return Err(Error::invalid("kind", Reason::AdjustmentKind)),
        };
        checked.map_err(|e| Error::invalid("amount", Reason::Ledger(e)))?;
        let row = linli_store::bills::adjustment::AdjustmentRow {
            community_id: a.community.clone(),
            id: Uuid::now_v7(),
            bill_id: a.bill,
            kind: a.kind.clone(),
            amount: a.amount.fen(),
            reason,
            requested_by: user.account.row.id,
            requested_label: user.account.login_label(),
            state: "requested".into(),
            decided_by: None,
            created_at: Utc::now(),
            decided_at: None,
        };
        let mut tx = self.db().begin().await?;
        linli_store::bills::adjustment::add_adjustment(&mut tx, &row).await?;
        let detail = json!({ "bill": a.bill, "kind": a.kind, "amount": row.amount, "reason": row.reason });
        record(&mut tx, &user.actor(ip), "bill.adjust_request", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A community's waivers and refunds, optionally in one state.
    pub async fn adjustments(
        &self,
        user: &User,
        community: &str,
        state: Option<&str>,
    ) -> Result<Vec<linli_store::bills::adjustment::AdjustmentRow>> {
        Self::may_bill(user, community)?;
        Ok(linli_store::bills::adjustment::adjustments(self.db(), community, state).await?)
    }

    /// A community's waivers and refunds to show: those waiting, then the
    /// 20 last decided; each with its bill's house and fee.
    pub async fn adjustment_views(&self, user: &User, community: &CommunityCode) -> Result<Vec<AdjustmentView>> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        let mut rows = linli_store::bills::adjustment::adjustments(self.db(), community, None).await?;
        rows.sort_by(|a, b| {
            (a.state != "requested", std::cmp::Reverse(a.created_at))
                .cmp(&(b.state != "requested", std::cmp::Reverse(b.created_at)))
        });
        let waiting = rows.iter().filter(|a| a.state == "requested").count();
        rows.truncate(waiting + 20);
        let fees = self.fee_items(&Error::community(community)?).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let bill = linli_store::bills::bill::bill_by_id(self.db(), community, row.bill_id).await?;
            let (address, fee) = match bill {
                Some(b) => {
                    let house = linli_store::bills::house::houses(self.db(), community, None, Some(b.house_id)).await?;
                    let address = house.first().map(|(_, _, bd, u, r)| format!("{bd} {u}-{r}")).unwrap_or_default();
                    let period = b.period.clone();
                    (address, format!("{} · {period}", self.bill_view(b, &fees).fee_name))
                }
                None => (String::new(), String::new()),
            };
            out.push(AdjustmentView { row, address, fee });
        }
        Ok(out)
    }

    /// Approves or rejects a waiver or refund: only the community's head (or
    /// a street or district admin over it), never the person who asked.
    /// Approval moves the bill's money at once, or fails if the bill has
    /// changed so that it no longer fits.
    pub async fn decide_adjustment(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        id: Uuid,
        approve: bool,
    ) -> Result<linli_store::bills::adjustment::AdjustmentRow> {
        use crate::domain::access::role::Role;
        let head = [Role::CommunityHead, Role::StreetAdmin, Role::DistrictAdmin]
            .into_iter()
            .any(|r| user.account.has_role_over(r, community));
        if !head {
            return Err(Error::Forbidden);
        }
        let mut a = linli_store::bills::adjustment::adjustments(self.db(), community, Some("requested"))
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(Error::NotFound("adjustment"))?;
        if a.requested_by == user.account.row.id {
            return Err(Error::invalid("adjustment", Reason::SecondPersonDecides));
        }
        let now = Utc::now();
        a.state = if approve { "approved" } else { "rejected" }.into();
        a.decided_by = Some(user.account.login_label());
        a.decided_at = Some(now);
        let mut tx = self.db().begin().await?;
        if !linli_store::bills::adjustment::decide_adjustment(&mut tx, &a).await? {
            return Err(Error::invalid("adjustment", Reason::AdjustmentDecidedMeanwhile));
        }
        if approve && !linli_store::bills::adjustment::adjust_bill(&mut tx, &a, now).await? {
            tx.rollback().await?;
            return Err(Error::invalid("amount", Reason::AdjustmentNoLongerFits));
        }
        let detail = json!({ "bill": a.bill_id, "kind": a.kind, "amount": a.amount, "approved": approve });
        record(&mut tx, &user.actor(ip), "bill.adjust_decide", &a.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(a)
    }
}
