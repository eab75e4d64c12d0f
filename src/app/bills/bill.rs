//! Bills (缴费): bill runs that can be repeated safely, and the bills of a
//! house or of a resident's homes, each with its ledger.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use linli_store::bills::bill::BillRow;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::bills::fee::FeeItem;
use crate::app::refusal::Reason;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::bills::bill::{Ledger, Pricing};
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;

/// Checks a billing period, `YYYY-MM`.
pub fn period(text: &str) -> Result<String> {
    let t = text.trim();
    let ok = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()) && t.len() == 7);
    ok.map(|_| t.to_owned()).ok_or_else(|| Error::invalid("period", Reason::BadPeriod))
}

/// What a bill run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillRun {
    /// Bills added.
    pub created: u64,
    /// Houses that already had this period's bill.
    pub existing: u64,
    /// Metered houses left out for want of a reading.
    pub unread: u64,
    /// Bills paid at once from prepaid balances.
    pub from_prepaid: u64,
}

/// A bill with its ledger and where it is.
#[derive(Debug, Clone)]
pub struct BillView {
    /// The bill.
    pub row: BillRow,
    /// Its fee item's name.
    pub fee_name: String,
    /// Its money.
    pub ledger: Ledger,
    /// Its receipts, when read (a resident's own bills).
    pub receipts: Vec<String>,
}

/// The local date and minute of an instant, for receipts (kept for
/// `templates/counter.html`, which calls it; the time module does the work).
pub fn receipt_day(at: DateTime<Utc>) -> String {
    crate::domain::time::zone().minute(at)
}

impl App {
    /// Staff (or heads) of this community: billing, readings, deposits,
    /// reconciliation.
    pub(crate) fn may_bill(user: &User, community: &str) -> Result<()> {
        if community.len() == 12 && works(user, community) { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Bills a fee item's period to a community's houses (or one building's,
    /// or one house); a house that has the bill already gets none.
    pub async fn run_bills(
        &self,
        user: &User,
        ip: &str,
        community: &CommunityCode,
        (fee_code, period_text): (&str, &str),
        (building, house): (Option<Uuid>, Option<Uuid>),
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<BillRun> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        self.bill_run(&user.actor(ip), community, (fee_code, period_text), (building, house), progress).await
    }

    /// A bill run as an operator makes it (the CLI, `linli bench bills`);
    /// [`App::run_bills`] checks the user first.
    pub async fn bill_run(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &str,
        (fee_code, period_text): (&str, &str),
        (building, house): (Option<Uuid>, Option<Uuid>),
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<BillRun> {
        let period = period(period_text)?;
        let fee = self
            .fee_items(&Error::community(community)?)
            .await?
            .into_iter()
            .find(|f| f.code == fee_code.trim().to_ascii_uppercase() && f.active)
            .ok_or_else(|| Error::invalid("fee", Reason::NoSuchFee))?;
        let houses = linli_store::bills::house::houses(self.db(), community, building, house).await?;
        let used = match fee.pricing {
            Pricing::Metered { .. } => {
                Some(linli_store::bills::reading::use_in_period(self.db(), community, &fee.code, &period).await?)
            }
            _ => None,
        };
        let now = Utc::now();
        let mut bills = Vec::with_capacity(houses.len());
        let mut unread = 0;
        for (id, area, ..) in &houses {
            let (amount, detail) = match (&fee.pricing, &used) {
                (Pricing::Metered { .. }, Some(u)) => match u.get(id) {
                    Some(n) => (fee.pricing.charge(0, 1, *n), format!("用量 {}.{:02} {}", n / 100, n % 100, fee.unit)),
                    None => {
                        unread += 1;
                        continue;
                    }
                },
                (Pricing::PerArea { .. }, _) => (
                    fee.pricing.charge(*area, 1, 0),
                    format!("{}.{:02} m² × {}", area / 100, area % 100, fee.price_text()),
                ),
                _ => (fee.pricing.charge(0, 1, 0), fee.price_text()),
            };
            bills.push(BillRow {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                house_id: *id,
                fee_code: fee.code.clone(),
                period: period.clone(),
                amount: amount.fen(),
                paid: 0,
                refunded: 0,
                waived: 0,
                detail,
                created_at: now,
                updated_at: now,
            });
        }
        let mut tx = self.db().begin().await?;
        let mut created = 0;
        let total = bills.len();
        for (i, chunk) in bills.chunks(5000).enumerate() {
            created += linli_store::bills::bill::add_bills(&mut tx, chunk).await?;
            progress((i * 5000 + chunk.len()).min(total), total);
        }
        let mut run = BillRun { created, existing: total as u64 - created, unread, from_prepaid: 0 };
        let detail = json!({ "fee": fee.code, "period": period, "building": building, "house": house,
            "created": run.created, "existing": run.existing, "unread": run.unread });
        record(&mut tx, actor, "bill.run", community, detail).await?;
        tx.commit().await?;
        if run.created > 0 {
            run.from_prepaid = self.settle_community_from_prepaid(actor, community).await? as u64;
        }
        Ok(run)
    }

    /// A bill with its fee item's name and its ledger.
    pub(crate) fn bill_view(&self, row: BillRow, fees: &[FeeItem]) -> BillView {
        let ledger = Ledger {
            amount: Fen::new(row.amount),
            paid: Fen::new(row.paid),
            refunded: Fen::new(row.refunded),
            waived: Fen::new(row.waived),
        };
        let fee_name =
            fees.iter().find(|f| f.code == row.fee_code).map_or_else(|| row.fee_code.clone(), |f| f.name.clone());
        BillView { row, fee_name, ledger, receipts: Vec::new() }
    }

    /// A house's bills, newest period first, for those whose scope holds
    /// it: staff of its community, workers of its grid; `NotFound` for
    /// anyone else (a grid worker does not see another grid's bills).
    pub async fn house_bills(&self, user: &User, community: &CommunityCode, house: Uuid) -> Result<Vec<BillView>> {
        let community = community.as_str();
        let scope = crate::app::registry::household::read_scope(user);
        if !linli_store::bills::house::house_visible(self.db(), &scope, community, house).await? {
            return Err(Error::NotFound("house"));
        }
        let fees = self.fee_items(&Error::community(community)?).await?;
        let rows = linli_store::bills::bill::bills_of_house_under(self.db(), &scope, community, house).await?;
        Ok(rows.into_iter().map(|r| self.bill_view(r, &fees)).collect())
    }

    /// A house's bills, newest period first (the caller has checked who asks).
    pub(crate) async fn bills_of(&self, community: &str, house: Uuid) -> Result<Vec<BillView>> {
        let fees = self.fee_items(&Error::community(community)?).await?;
        let rows = linli_store::bills::bill::bills_of_house(self.db(), community, house).await?;
        Ok(rows.into_iter().map(|r| self.bill_view(r, &fees)).collect())
    }
}

impl App {
    /// A household in scope, the house it lives in, and that house's bills
    /// (the counter: find the resident, see what is owed).
    pub async fn household_bills(
        &self,
        user: &User,
        household: Uuid,
    ) -> Result<(crate::app::registry::household::HouseholdView, Uuid, Vec<BillView>)> {
        let h = self.household(user, household).await?;
        let house = linli_store::bills::house::house_of_household(self.db(), &h.row.community_id, household)
            .await?
            .ok_or(Error::NotFound("house"))?;
        let bills = self.house_bills(user, &Error::community(&h.row.community_id)?, house).await?;
        Ok((h, house, bills))
    }

    /// A resident's own bills: those of the houses their linked households
    /// live in, with each house's prepaid balance.
    pub async fn my_bills(
        &self,
        user: &User,
    ) -> Result<Vec<(crate::app::registry::household::HouseholdView, Vec<BillView>)>> {
        Ok(self.my_homes(user).await?.into_iter().map(|(h, bills, _)| (h, bills)).collect())
    }

    /// A resident's homes: each with its bills and its prepaid balance.
    pub async fn my_homes(
        &self,
        user: &User,
    ) -> Result<Vec<(crate::app::registry::household::HouseholdView, Vec<BillView>, Fen)>> {
        let mut out = Vec::new();
        for h in self.my_households(user).await? {
            let Some(house) =
                linli_store::bills::house::house_of_household(self.db(), &h.row.community_id, h.row.id).await?
            else {
                continue;
            };
            let fees = self.fee_items(&Error::community(&h.row.community_id)?).await?;
            let mut bills = Vec::new();
            for b in linli_store::bills::bill::bills_of_house(self.db(), &h.row.community_id, house).await? {
                let mut v = self.bill_view(b, &fees);
                if v.row.paid > 0 {
                    let paid =
                        linli_store::bills::payment::payments_of_bill(self.db(), &v.row.community_id, v.row.id).await?;
                    v.receipts = paid.into_iter().map(|p| p.receipt_no).collect();
                }
                bills.push(v);
            }
            let balance = linli_store::bills::prepaid::balance(self.db(), &h.row.community_id, house).await?;
            out.push((h, bills, Fen::new(balance)));
        }
        Ok(out)
    }
}
