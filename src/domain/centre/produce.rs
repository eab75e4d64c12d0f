//! The produce counter (助农展销专柜): what an order for pickup may go
//! through, and the one function that says which step may follow which.
//! No I/O.
//!
//! An order reserves its products' stock and a place in a pickup window
//! when placed; it is paid online (the local provider or a real one) or in
//! cash at the counter, then collected with its code. An unpaid order is
//! released when its time is up. A payment that arrives after the release
//! takes the stock again when there is some, or is owed back (refund).

use chrono::Duration;

/// How long an unpaid order holds its stock.
pub const HOLD_MINUTES: i64 = 30;
/// Most products in one order, and units of one product.
pub const MAX_LINES: usize = 20;
/// Most units of one product in an order.
pub const MAX_QUANTITY: i64 = 99;
/// The dearest unit, fen (¥10,000).
pub const MAX_PRICE: i64 = 1_000_000;
/// The most a product's stock may be.
pub const MAX_STOCK: i64 = 100_000;

/// How long an unpaid order holds its stock.
pub fn hold() -> Duration {
    Duration::minutes(HOLD_MINUTES)
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderState {
    /// Placed, stock reserved, not yet paid.
    Placed,
    /// Paid, waiting at the counter.
    Paid,
    /// Collected: closed.
    Collected,
    /// Called off by the buyer or the counter: stock back.
    Cancelled,
    /// Not paid in time: stock back.
    Expired,
    /// Paid after its release with no stock left: the money is owed back.
    Refund,
}

impl OrderState {
    /// Every state.
    pub const ALL: [OrderState; 6] = [
        OrderState::Placed,
        OrderState::Paid,
        OrderState::Collected,
        OrderState::Cancelled,
        OrderState::Expired,
        OrderState::Refund,
    ];

    /// As stored.
    pub fn key(self) -> &'static str {
        match self {
            OrderState::Placed => "placed",
            OrderState::Paid => "paid",
            OrderState::Collected => "collected",
            OrderState::Cancelled => "cancelled",
            OrderState::Expired => "expired",
            OrderState::Refund => "refund",
        }
    }

    /// From storage.
    pub fn parse(s: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|o| o.key() == s)
    }

    /// Whether it still holds stock.
    pub fn holds_stock(self) -> bool {
        matches!(self, OrderState::Placed | OrderState::Paid | OrderState::Collected)
    }
}

/// What happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The provider's callback says it was paid.
    PayOnline,
    /// Paid in cash at the counter.
    PayCash,
    /// Handed over at the counter against its code.
    Collect,
    /// Called off (the buyer before paying; the counter any time before collection).
    Cancel,
    /// Its time ran out unpaid.
    Expire,
}

/// The state after `step`, or none when the step is not allowed from `state`.
/// A payment after expiry is [`OrderState::Paid`] here; the caller makes it
/// [`OrderState::Refund`] when the stock is gone.
pub fn next(state: OrderState, step: Step) -> Option<OrderState> {
    use OrderState as S;
    use Step as T;
    match (state, step) {
        (S::Placed, T::PayOnline | T::PayCash) => Some(S::Paid),
        (S::Expired, T::PayOnline) => Some(S::Paid),
        (S::Paid, T::Collect) => Some(S::Collected),
        (S::Placed | S::Paid, T::Cancel) => Some(S::Cancelled),
        (S::Placed, T::Expire) => Some(S::Expired),
        _ => None,
    }
}

/// The total of some lines (price × quantity, fen), or none on overflow.
pub fn total(lines: &[(i64, i64)]) -> Option<i64> {
    lines.iter().try_fold(0i64, |sum, (price, q)| price.checked_mul(*q).and_then(|x| sum.checked_add(x)))
}

/// What a product may be called: 1–40 characters, not blank.
pub fn name_ok(s: &str) -> bool {
    let n = s.trim().chars().count();
    (1..=40).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table: every state and step.
    #[test]
    fn every_state_and_step() {
        use OrderState as S;
        use Step as T;
        let steps = [T::PayOnline, T::PayCash, T::Collect, T::Cancel, T::Expire];
        let expected = |s: S, t: T| -> Option<S> {
            match s {
                S::Placed => match t {
                    T::PayOnline | T::PayCash => Some(S::Paid),
                    T::Cancel => Some(S::Cancelled),
                    T::Expire => Some(S::Expired),
                    T::Collect => None,
                },
                S::Paid => match t {
                    T::Collect => Some(S::Collected),
                    T::Cancel => Some(S::Cancelled),
                    _ => None,
                },
                // A late payment: the money came, the order is revived.
                S::Expired => (t == T::PayOnline).then_some(S::Paid),
                S::Collected | S::Cancelled | S::Refund => None,
            }
        };
        for s in OrderState::ALL {
            assert_eq!(OrderState::parse(s.key()), Some(s));
            for t in steps {
                assert_eq!(next(s, t), expected(s, t), "{s:?} {t:?}");
            }
        }
        // Cash never revives an expired order: the counter takes a new one.
        assert_eq!(next(S::Expired, T::PayCash), None);
    }

    #[test]
    fn totals_and_names() {
        assert_eq!(total(&[(850, 2), (1200, 1)]), Some(2900));
        assert_eq!(total(&[]), Some(0));
        assert_eq!(total(&[(i64::MAX, 2)]), None);
        assert!(name_ok("石磨面粉"));
        assert!(!name_ok("  "));
        assert!(!name_ok(&"粉".repeat(41)));
        assert!(OrderState::Paid.holds_stock());
        assert!(!OrderState::Expired.holds_stock());
    }
}
