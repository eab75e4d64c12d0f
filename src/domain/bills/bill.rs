//! Bills (缴费): what a fee item charges a house for a period — by area
//! (物业费), by metered use in tiers (阶梯价格: water, electricity, gas) or a
//! fixed sum — and a bill's ledger: payments, waivers and refunds that never
//! take it below zero or past what is owed. No I/O.

use crate::domain::money::{Fen, div_round};

/// One tier of a metered price: use up to `up_to` (hundredths of a unit,
/// over the period; none: the rest) costs `fen_per_unit` a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Upper bound of the tier, hundredths of a unit; none for the last.
    pub up_to: Option<i64>,
    /// Price per whole unit, in fen.
    pub fen_per_unit: i64,
}

/// How a fee item charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pricing {
    /// Per square metre of the house per month (物业费).
    PerArea {
        /// Fen per m² per month.
        fen_per_m2: i64,
    },
    /// Per metered unit, in tiers (阶梯价格).
    Metered {
        /// Tiers, lowest first; the last has no bound.
        tiers: Vec<Tier>,
    },
    /// A fixed sum per month.
    Fixed {
        /// Fen per month.
        fen: i64,
    },
}

/// Why a price is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    /// A negative or absurd price.
    #[error("单价应为 0 到 10 万元之间")]
    Price,
    /// Tiers out of order, or the last one bounded.
    #[error("阶梯应从低到高，最后一档不设上限")]
    Tiers,
}

const MAX_PRICE: i64 = 10_000_000;

impl Pricing {
    /// Checks prices and tiers.
    pub fn checked(self) -> Result<Pricing, PriceError> {
        let ok = |p: i64| (0..=MAX_PRICE).contains(&p);
        match &self {
            Pricing::PerArea { fen_per_m2: p } | Pricing::Fixed { fen: p } if !ok(*p) => return Err(PriceError::Price),
            Pricing::Metered { tiers } => {
                if tiers.is_empty() || tiers.iter().any(|t| !ok(t.fen_per_unit)) {
                    return Err(if tiers.is_empty() { PriceError::Tiers } else { PriceError::Price });
                }
                let (last, rest) = tiers.split_last().expect("not empty");
                let mut below = 0;
                for t in rest {
                    match t.up_to {
                        Some(u) if u > below => below = u,
                        _ => return Err(PriceError::Tiers),
                    }
                }
                if last.up_to.is_some() {
                    return Err(PriceError::Tiers);
                }
            }
            _ => {}
        }
        Ok(self)
    }

    /// What a house owes for `months` months: by its area (hundredths of a
    /// m²) or its metered use over the period (hundredths of a unit).
    /// Rounded half up to the fen once, at the end.
    pub fn charge(&self, area_x100: i64, months: u32, used_x100: i64) -> Fen {
        let m = i128::from(months);
        match self {
            Pricing::PerArea { fen_per_m2 } => {
                Fen::new(div_round(i128::from(area_x100.max(0)) * i128::from(*fen_per_m2) * m, 100))
            }
            Pricing::Fixed { fen } => Fen::new(div_round(i128::from(*fen) * m, 1)),
            Pricing::Metered { tiers } => {
                let used = i128::from(used_x100.max(0));
                let (mut below, mut sum) = (0i128, 0i128);
                for t in tiers {
                    let top = t.up_to.map_or(used, |u| used.min(i128::from(u)));
                    if top > below {
                        sum += (top - below) * i128::from(t.fen_per_unit);
                        below = top;
                    }
                }
                Fen::new(div_round(sum, 100))
            }
        }
    }
}

/// Where a bill stands, derived from its ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillState {
    /// Nothing paid.
    Unpaid,
    /// Some paid, some still owed.
    PartlyPaid,
    /// Nothing owed (paid, or waived).
    Paid,
    /// Paid and all of it given back.
    Refunded,
}

impl BillState {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            BillState::Unpaid => "unpaid",
            BillState::PartlyPaid => "partly_paid",
            BillState::Paid => "paid",
            BillState::Refunded => "refunded",
        }
    }

    /// In Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            BillState::Unpaid => "未缴",
            BillState::PartlyPaid => "部分缴纳",
            BillState::Paid => "已缴清",
            BillState::Refunded => "已退款",
        }
    }
}

/// Why a ledger entry is refused; the ledger is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// Zero or less.
    #[error("金额应大于零")]
    NotPositive,
    /// More than is owed (payments and waivers never over-pay).
    #[error("超过了应缴余额 {0}")]
    MoreThanOwed(Fen),
    /// More than was paid (a refund gives back at most what came in).
    #[error("超过了已缴金额 {0}")]
    MoreThanPaid(Fen),
}

/// A bill's money: what it charges and what happened since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Charged.
    pub amount: Fen,
    /// Paid in, all payments.
    pub paid: Fen,
    /// Given back.
    pub refunded: Fen,
    /// Waived (减免), approved by a second person.
    pub waived: Fen,
}

impl Ledger {
    /// A new bill's ledger.
    pub fn new(amount: Fen) -> Ledger {
        Ledger { amount, ..Ledger::default() }
    }

    /// Paid and kept: payments less refunds.
    pub fn net(&self) -> Fen {
        Fen::new(self.paid.fen() - self.refunded.fen())
    }

    /// Still owed.
    pub fn owed(&self) -> Fen {
        Fen::new(self.amount.fen() - self.waived.fen() - self.net().fen())
    }

    /// Where it stands.
    pub fn state(&self) -> BillState {
        if self.refunded > Fen::ZERO && self.net() == Fen::ZERO {
            BillState::Refunded
        } else if self.owed() == Fen::ZERO {
            BillState::Paid
        } else if self.net() > Fen::ZERO {
            BillState::PartlyPaid
        } else {
            BillState::Unpaid
        }
    }

    /// A payment of `x`: at most what is owed.
    pub fn pay(self, x: Fen) -> Result<Ledger, LedgerError> {
        if x <= Fen::ZERO {
            return Err(LedgerError::NotPositive);
        }
        if x > self.owed() {
            return Err(LedgerError::MoreThanOwed(self.owed()));
        }
        Ok(Ledger { paid: Fen::new(self.paid.fen() + x.fen()), ..self })
    }

    /// A waiver of `x`: at most what is owed.
    pub fn waive(self, x: Fen) -> Result<Ledger, LedgerError> {
        if x <= Fen::ZERO {
            return Err(LedgerError::NotPositive);
        }
        if x > self.owed() {
            return Err(LedgerError::MoreThanOwed(self.owed()));
        }
        Ok(Ledger { waived: Fen::new(self.waived.fen() + x.fen()), ..self })
    }

    /// A refund of `x`: at most what was paid and kept.
    pub fn refund(self, x: Fen) -> Result<Ledger, LedgerError> {
        if x <= Fen::ZERO {
            return Err(LedgerError::NotPositive);
        }
        if x > self.net() {
            return Err(LedgerError::MoreThanPaid(self.net()));
        }
        Ok(Ledger { refunded: Fen::new(self.refunded.fen() + x.fen()), ..self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn water() -> Pricing {
        // 太原式阶梯水价 as an example: ≤ 10 m³ 3.40, ≤ 15 m³ 4.80, beyond 8.20.
        Pricing::Metered {
            tiers: vec![
                Tier { up_to: Some(1000), fen_per_unit: 340 },
                Tier { up_to: Some(1500), fen_per_unit: 480 },
                Tier { up_to: None, fen_per_unit: 820 },
            ],
        }
        .checked()
        .unwrap()
    }

    #[test]
    fn property_fees_go_by_area_and_months() {
        // 80.00 m² at ¥1.20 a month for 3 months: ¥288.00; 63.37 m² for 1: 76.044 → ¥76.04.
        let fee = Pricing::PerArea { fen_per_m2: 120 };
        assert_eq!(fee.charge(8000, 3, 0), Fen::new(28800));
        assert_eq!(fee.charge(6337, 1, 0), Fen::new(7604));
        assert_eq!(Pricing::PerArea { fen_per_m2: 125 }.charge(6338, 1, 0), Fen::new(7923), "79.225 rounds up");
        assert_eq!(Pricing::Fixed { fen: 1500 }.charge(0, 2, 0), Fen::new(3000));
    }

    #[test]
    fn metered_use_is_priced_tier_by_tier() {
        let w = water();
        assert_eq!(w.charge(0, 1, 800), Fen::new(2720), "8 m³ all in the first tier");
        assert_eq!(w.charge(0, 1, 1000), Fen::new(3400));
        assert_eq!(w.charge(0, 1, 1200), Fen::new(3400 + 960), "2 m³ in the second");
        assert_eq!(w.charge(0, 1, 2000), Fen::new(3400 + 2400 + 4100), "5 in the second, 5 in the third");
        assert_eq!(w.charge(0, 1, 1050), Fen::new(3400 + 240), "half a m³ at 4.80");
        assert_eq!(w.charge(0, 1, 0), Fen::ZERO);
    }

    #[test]
    fn prices_and_tiers_are_checked() {
        let t = |up_to, fen_per_unit| Tier { up_to, fen_per_unit };
        assert_eq!(Pricing::PerArea { fen_per_m2: -1 }.checked(), Err(PriceError::Price));
        assert_eq!(Pricing::Metered { tiers: vec![] }.checked(), Err(PriceError::Tiers));
        assert_eq!(Pricing::Metered { tiers: vec![t(Some(10), 1)] }.checked(), Err(PriceError::Tiers));
        assert_eq!(
            Pricing::Metered { tiers: vec![t(Some(10), 1), t(Some(5), 2), t(None, 3)] }.checked(),
            Err(PriceError::Tiers)
        );
        assert!(Pricing::Metered { tiers: vec![t(None, 3)] }.checked().is_ok());
    }

    #[test]
    fn a_bill_is_paid_in_parts_never_past_what_is_owed() {
        let l = Ledger::new(Fen::new(10000));
        assert_eq!(l.state(), BillState::Unpaid);
        let l = l.pay(Fen::new(4000)).unwrap();
        assert_eq!(l.state(), BillState::PartlyPaid);
        assert_eq!(l.pay(Fen::new(6001)), Err(LedgerError::MoreThanOwed(Fen::new(6000))));
        let l = l.pay(Fen::new(6000)).unwrap();
        assert_eq!((l.state(), l.owed()), (BillState::Paid, Fen::ZERO));
        assert_eq!(l.refund(Fen::new(10001)), Err(LedgerError::MoreThanPaid(Fen::new(10000))));
        let l = l.refund(Fen::new(10000)).unwrap();
        assert_eq!(l.state(), BillState::Refunded);
        assert_eq!(Ledger::new(Fen::new(500)).waive(Fen::new(500)).unwrap().state(), BillState::Paid);
        assert_eq!(Ledger::new(Fen::new(500)).pay(Fen::ZERO), Err(LedgerError::NotPositive));
    }

    #[derive(Debug, Clone, Copy)]
    enum Op {
        Pay(i64),
        Refund(i64),
        Waive(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (-50i64..20_000).prop_map(Op::Pay),
            (-50i64..20_000).prop_map(Op::Refund),
            (-50i64..5_000).prop_map(Op::Waive),
        ]
    }

    proptest! {
        /// For any sequence of payments, refunds and waivers, the totals
        /// agree: what came in less what went back is what the bill shows
        /// as paid, it never owes less than nothing or more than it
        /// charged, and a refused entry changes nothing.
        #[test]
        fn the_totals_always_agree(amount in 0i64..50_000, ops in proptest::collection::vec(op(), 0..40)) {
            let mut l = Ledger::new(Fen::new(amount));
            let (mut paid_in, mut given_back, mut waived) = (0i64, 0i64, 0i64);
            for o in ops {
                let before = l;
                let after = match o {
                    Op::Pay(x) => l.pay(Fen::new(x)),
                    Op::Refund(x) => l.refund(Fen::new(x)),
                    Op::Waive(x) => l.waive(Fen::new(x)),
                };
                match (o, after) {
                    (Op::Pay(x), Ok(n)) => { paid_in += x; l = n; }
                    (Op::Refund(x), Ok(n)) => { given_back += x; l = n; }
                    (Op::Waive(x), Ok(n)) => { waived += x; l = n; }
                    (_, Err(_)) => prop_assert_eq!(l, before),
                }
                prop_assert_eq!(l.paid.fen(), paid_in);
                prop_assert_eq!(l.refunded.fen(), given_back);
                prop_assert_eq!(l.waived.fen(), waived);
                prop_assert!(l.net() >= Fen::ZERO);
                prop_assert!(l.owed() >= Fen::ZERO && l.owed().fen() <= amount);
                prop_assert_eq!(l.net().fen() + l.waived.fen() + l.owed().fen(), amount);
                let state = l.state();
                prop_assert_eq!(state == BillState::Paid, l.owed() == Fen::ZERO && !(l.refunded > Fen::ZERO && l.net() == Fen::ZERO));
            }
        }
    }
}
