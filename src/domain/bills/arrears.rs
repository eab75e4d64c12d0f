//! Arrears (欠费): when a bill counts as owing, and the reminder (催缴) a
//! household is sent.
//!
//! A bill is due the day it is issued (its bill run). It counts as owing
//! once its fee item's grace period has passed: issued on day D with grace
//! G days, it owes from day D + G (grace 0: at once).

use chrono::{Days, NaiveDate};

use crate::domain::money::Fen;

/// The longest grace period a fee item may give.
pub const MAX_GRACE_DAYS: u16 = 365;

/// The grace period of a fee item that does not say.
pub const DEFAULT_GRACE_DAYS: u16 = 30;

/// A grace period as typed: 0 to [`MAX_GRACE_DAYS`] days.
pub fn grace_days(n: i64) -> Option<u16> {
    u16::try_from(n).ok().filter(|d| *d <= MAX_GRACE_DAYS)
}

/// The first local day whose bills do not yet owe today: bills issued
/// before it do.
pub fn owing_if_issued_before(today: NaiveDate, grace_days: u16) -> NaiveDate {
    today.checked_sub_days(Days::new(u64::from(grace_days))).and_then(|d| d.succ_opt()).unwrap_or(today)
}

/// What a household in arrears owes, as its reminder says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owing<'a> {
    /// The person it goes to.
    pub name: &'a str,
    /// Building, unit and room.
    pub address: String,
    /// The oldest period owed (`YYYY-MM`).
    pub since: &'a str,
    /// Bills not settled.
    pub bills: i64,
    /// Owed in all.
    pub owed: Fen,
}

/// The text of a payment reminder (SMS, in Chinese: what residents read).
pub fn reminder_text(o: &Owing) -> String {
    format!(
        "{}您好：{} 自 {} 起有 {} 笔费用未缴，共 {}。可在社区服务中心、自助终端或“我的账单”缴纳。",
        o.name, o.address, o.since, o.bills, o.owed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_bill_owes_once_its_grace_period_has_passed() {
        let today = d("2026-12-05");
        // Issued 2026-12-01: with 30 days' grace it does not owe yet; with 4 it does.
        assert!(d("2026-12-01") >= owing_if_issued_before(today, 30));
        assert!(d("2026-12-01") < owing_if_issued_before(today, 4));
        assert!(d("2026-12-01") >= owing_if_issued_before(today, 5));
        // Grace 0: a bill issued today owes today.
        assert!(today < owing_if_issued_before(today, 0));
        assert_eq!(owing_if_issued_before(today, 30), d("2026-11-06"));
    }

    #[test]
    fn grace_periods_are_bounded() {
        assert_eq!(grace_days(0), Some(0));
        assert_eq!(grace_days(365), Some(365));
        assert_eq!(grace_days(366), None);
        assert_eq!(grace_days(-1), None);
    }

    #[test]
    fn the_reminder_names_the_address_and_the_sum() {
        let o =
            Owing {
                name: "王丽娥", address: "3号楼 1-201".into(), since: "2026-10", bills: 2, owed: Fen::new(24_050)
            };
        let t = reminder_text(&o);
        assert!(t.starts_with("王丽娥您好：3号楼 1-201 自 2026-10 起有 2 笔费用未缴，共 ¥240.50"), "{t}");
    }
}
