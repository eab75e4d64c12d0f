//! Daily reconciliation (对账): what linli recorded each channel took on a
//! day, and, for every payment provider, linli's paid orders against the
//! provider's statement — matched, or listed as a difference. A charge the
//! provider made whose callback never arrived can be applied from the
//! statement (once: its key is the order's).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use linli_store::bills::order as store;
use linli_store::bills::payment;
use serde::Serialize;

use crate::app::access::auth::User;
use crate::app::bills::pay::StatementLine;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;
use crate::domain::registry::region::CommunityCode;

/// What a channel took on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelTotal {
    /// cash, card, kiosk, online, prepaid.
    pub channel: String,
    /// Payments.
    pub count: usize,
    /// Their sum.
    pub total: Fen,
    /// Per person or device who took them: (who, count, sum).
    pub by: Vec<(String, usize, Fen)>,
}

/// How linli and a provider disagree about an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// The provider charged; linli applied nothing (a lost callback).
    NotApplied,
    /// linli applied it; the provider's statement has no such charge.
    NotCharged,
    /// Both have it, for different amounts.
    AmountDiffers,
}

impl Gap {
    /// Its place in the page's texts.
    pub fn text_index(self) -> usize {
        match self {
            Gap::NotApplied => 10,
            Gap::NotCharged => 11,
            Gap::AmountDiffers => 12,
        }
    }
}

/// An order linli and the provider disagree about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What kind.
    pub gap: Gap,
    /// linli's order number.
    pub order_no: String,
    /// The provider's transaction, when it has one.
    pub txn: Option<String>,
    /// What linli recorded.
    pub linli: Option<Fen>,
    /// What the provider charged.
    pub provider: Option<Fen>,
}

/// One provider's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderCheck {
    /// Its name.
    pub provider: String,
    /// Orders both agree on.
    pub matched: usize,
    /// Their sum.
    pub matched_total: Fen,
    /// The rest.
    pub differences: Vec<Difference>,
}

/// A community's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// Community code.
    pub community: String,
    /// The day (local time).
    pub day: NaiveDate,
    /// Bill payments per channel.
    pub channels: Vec<ChannelTotal>,
    /// Prepaid deposits per channel.
    pub deposits: Vec<ChannelTotal>,
    /// Per provider.
    pub providers: Vec<ProviderCheck>,
}

fn totals<'a>(items: impl Iterator<Item = (&'a str, &'a str, i64)>) -> Vec<ChannelTotal> {
    let mut by: BTreeMap<&str, BTreeMap<&str, (usize, i64)>> = BTreeMap::new();
    for (channel, who, amount) in items {
        let e = by.entry(channel).or_default().entry(who).or_default();
        e.0 += 1;
        e.1 += amount;
    }
    by.into_iter()
        .map(|(channel, people)| ChannelTotal {
            channel: channel.to_owned(),
            count: people.values().map(|v| v.0).sum(),
            total: Fen::new(people.values().map(|v| v.1).sum()),
            by: people.into_iter().map(|(who, (n, sum))| (who.to_owned(), n, Fen::new(sum))).collect(),
        })
        .collect()
}

/// Compares linli's orders with a provider's statement lines: `lines` of
/// the day (and the day before, for a charge just before midnight whose
/// callback came after it), `ours` the community's orders for those lines,
/// `paid_today` the orders linli marked paid on the day.
fn compare(
    provider: &str,
    (lines, before): (&[StatementLine], &[StatementLine]),
    ours: &HashMap<String, store::OrderRow>,
    paid_today: &[store::OrderRow],
) -> ProviderCheck {
    let mut check =
        ProviderCheck { provider: provider.to_owned(), matched: 0, matched_total: Fen::ZERO, differences: Vec::new() };
    for line in lines {
        // Lines of other communities' orders are theirs to reconcile.
        let Some(order) = ours.get(&line.order_no) else { continue };
        let diff = |gap| Difference {
            gap,
            order_no: line.order_no.clone(),
            txn: Some(line.txn.clone()),
            linli: (order.state == "paid").then_some(Fen::new(order.amount)),
            provider: Some(Fen::new(line.amount)),
        };
        if order.state != "paid" {
            check.differences.push(diff(Gap::NotApplied));
        } else if order.amount != line.amount {
            check.differences.push(diff(Gap::AmountDiffers));
        } else {
            check.matched += 1;
            check.matched_total = Fen::new(check.matched_total.fen() + line.amount);
        }
    }
    for order in paid_today {
        let charged = lines.iter().chain(before).any(|l| l.order_no == order.order_no);
        if !charged {
            check.differences.push(Difference {
                gap: Gap::NotCharged,
                order_no: order.order_no.clone(),
                txn: order.provider_txn.clone(),
                linli: Some(Fen::new(order.amount)),
                provider: None,
            });
        }
    }
    check
}

/// Checks a day typed as `YYYY-MM-DD`.
pub fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Error::invalid("day", Reason::BadDay))
}

impl App {
    /// A community's reconciliation for a day: staff of the community.
    pub async fn reconcile(&self, user: &User, community: &CommunityCode, day: NaiveDate) -> Result<Reconciliation> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        let bounds = crate::domain::time::day_bounds(day);
        let payments = payment::payments_between(self.db(), community, bounds).await?;
        let channels = totals(payments.iter().map(|p| (p.channel.as_str(), p.taken_by.as_str(), p.amount)));
        let deposits = linli_store::bills::prepaid::entries_between(self.db(), community, "deposit", bounds).await?;
        let deposits = totals(deposits.iter().map(|d| (d.channel.as_str(), d.taken_by.as_str(), d.amount)));
        let mut providers = Vec::new();
        for name in self.provider_names() {
            let Some(p) = self.provider(name) else { continue };
            let lines = p.statement(day).await?;
            let before = p.statement(day.pred_opt().unwrap_or(day)).await?;
            let numbers: Vec<String> = lines.iter().map(|l| l.order_no.clone()).collect();
            let ours: HashMap<String, store::OrderRow> = store::orders_by_no(self.db(), community, &numbers)
                .await?
                .into_iter()
                .map(|o| (o.order_no.clone(), o))
                .collect();
            let paid_today = store::orders_paid_between(self.db(), community, name, bounds).await?;
            providers.push(compare(name, (&lines, &before), &ours, &paid_today));
        }
        Ok(Reconciliation { community: community.to_owned(), day, channels, deposits, providers })
    }

    /// Applies a charge from a provider's statement whose callback never
    /// came: the statement's amount must be the order's; applied once.
    pub async fn apply_from_statement(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        (provider, day): (&str, NaiveDate),
        order_no: &str,
    ) -> Result<crate::app::bills::pay::Settled> {
        Self::may_bill(user, community)?;
        let p = self.provider(provider).ok_or(Error::NotFound("provider"))?;
        let line = p
            .statement(day)
            .await?
            .into_iter()
            .find(|l| l.order_no == order_no.trim())
            .ok_or(Error::NotFound("order"))?;
        let order = self.order(&line.order_no).await?;
        if order.community_id != community {
            return Err(Error::NotFound("order"));
        }
        if order.amount != line.amount {
            return Err(Error::invalid("amount", Reason::StatementAmount));
        }
        let taken_by = format!("{}（按对账单）", user.account.login_label());
        self.settle(&user.actor(ip), &taken_by, &order, &line.txn).await
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn order(no: &str, amount: i64, paid: bool) -> store::OrderRow {
        store::OrderRow {
            community_id: "141102001002".into(),
            order_no: no.into(),
            bill_id: Some(uuid::Uuid::nil()),
            amount,
            provider: "sim".into(),
            state: if paid { "paid" } else { "created" }.into(),
            provider_txn: paid.then(|| format!("T{no}")),
            created_by: "x".into(),
            created_at: Utc::now(),
            paid_at: paid.then(Utc::now),
            channel: "online".into(),
            produce_order_id: None,
        }
    }

    fn line(no: &str, amount: i64) -> StatementLine {
        StatementLine { order_no: no.into(), txn: format!("T{no}"), amount, at: Utc::now() }
    }

    #[test]
    fn every_disagreement_is_listed_and_agreement_counted() {
        let ours: HashMap<String, store::OrderRow> =
            [order("A", 100, true), order("B", 200, false), order("C", 300, true), order("E", 50, true)]
                .into_iter()
                .map(|o| (o.order_no.clone(), o))
                .collect();
        // D is another community's; E was charged just before midnight.
        let lines = [line("A", 100), line("B", 200), line("C", 299), line("D", 7)];
        let before = [line("E", 50)];
        let paid_today = [order("A", 100, true), order("C", 300, true), order("E", 50, true), order("F", 80, true)];
        let check = compare("sim", (&lines, &before), &ours, &paid_today);
        assert_eq!((check.matched, check.matched_total), (1, Fen::new(100)));
        let gaps: Vec<(Gap, &str)> = check.differences.iter().map(|d| (d.gap, d.order_no.as_str())).collect();
        assert_eq!(gaps, [(Gap::NotApplied, "B"), (Gap::AmountDiffers, "C"), (Gap::NotCharged, "F")]);
    }

    #[test]
    fn totals_add_up_per_channel_and_person() {
        let t = totals([("cash", "a", 100), ("cash", "b", 50), ("cash", "a", 1), ("online", "p", 7)].into_iter());
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].channel.as_str(), t[0].count, t[0].total), ("cash", 3, Fen::new(151)));
        assert_eq!(t[0].by, [("a".to_owned(), 2, Fen::new(101)), ("b".to_owned(), 1, Fen::new(50))]);
    }
}
