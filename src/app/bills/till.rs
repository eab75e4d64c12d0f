//! The till: payments written together. Each payment is checked on its own
//! request; then the till's queue writes it with the others that came in
//! meanwhile, in one transaction (group commit, [`crate::app::system::batch`]). Inside it
//! the keys already used and the bills are read once, every payment is
//! weighed against what its bill still owes in order, and the accepted ones
//! are written with one statement per table. A request answers only once
//! its payment, receipt number and audit entry are committed.
//!
//! The writes keep their guards (the key's unique index, the bill's
//! conditional update): if another process got in between, the batch rolls
//! back and each payment is tried again alone, so nothing is applied twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use linli_store::bills::bill::{self, BillRow};
use linli_store::bills::order;
use linli_store::bills::payment::{self as store, PaymentRow};
use linli_store::bills::prepaid;
use linli_store::{Db, Error};

use crate::app::access::audit::{Actor, record_many};

/// The channel of payments from a prepaid balance.
pub(crate) const PREPAID: &str = "prepaid";

/// A payment, checked and ready to write; its house and receipt number are
/// filled in when it is written.
pub(crate) struct Slip {
    pub actor: Actor,
    pub payment: PaymentRow,
    /// An online order this payment settles: (order number, provider's transaction).
    pub order: Option<(String, String)>,
}

/// What became of a slip.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Written: the payment with its receipt number, and the bill after it.
    Paid(Box<(PaymentRow, BillRow)>),
    /// The key was used before (by this payment or another).
    KeyUsed,
    /// The bill does not owe that much (any more).
    NotOwed,
    /// There is no such bill in the community.
    NoBill,
    /// Paid from the prepaid balance of this house, which holds less.
    NoBalance(uuid::Uuid),
}

/// The queue payments wait in for their transaction.
pub(crate) type Till = crate::app::system::batch::Queue<Slip, Outcome>;

/// Starts the writing task.
pub(crate) fn start(db: Db) -> Till {
    Till::start(db, "till", |db, slips| Box::pin(write(db, slips)))
}

/// The community a receipt number was issued in (see [`receipt_no`]): its
/// receipts are looked up within it.
pub(crate) fn receipt_community(number: &str) -> &str {
    number.split_once('-').map_or("", |(community, _)| community)
}

/// A receipt's number: community, local year, and its place in the year.
pub(crate) fn receipt_no(community: &str, year: i32, n: i64) -> String {
    format!("{community}-{year}-{n:06}")
}

/// The local year of an instant: receipts are numbered per year.
fn year_of(at: DateTime<Utc>) -> i32 {
    crate::domain::time::zone().year(at)
}

async fn write(db: &Db, slips: &[&Slip]) -> Result<Vec<Outcome>, Error> {
    let mut tx = db.begin().await?;
    // What the database holds now, per community.
    let mut used: HashSet<(String, String)> = HashSet::new();
    let mut bills: HashMap<(String, uuid::Uuid), BillRow> = HashMap::new();
    let mut balances: HashMap<(String, uuid::Uuid), i64> = HashMap::new();
    let communities: HashSet<&str> = slips.iter().map(|s| s.payment.community_id.as_str()).collect();
    for c in communities {
        let keys: Vec<&str> =
            slips.iter().filter(|s| s.payment.community_id == c).map(|s| s.payment.idempotency_key.as_str()).collect();
        for k in store::keys_used(&mut tx, c, &keys).await? {
            used.insert((c.to_owned(), k));
        }
        let ids: Vec<uuid::Uuid> =
            slips.iter().filter(|s| s.payment.community_id == c).map(|s| s.payment.bill_id).collect();
        for b in bill::bills_in_tx(&mut tx, c, &ids).await? {
            bills.insert((c.to_owned(), b.id), b);
        }
        let from_balance: Vec<uuid::Uuid> = slips
            .iter()
            .filter(|s| s.payment.community_id == c && s.payment.channel == PREPAID)
            .filter_map(|s| bills.get(&(c.to_owned(), s.payment.bill_id)).map(|b| b.house_id))
            .collect();
        if !from_balance.is_empty() {
            for (house, balance) in prepaid::balances_in_tx(&mut tx, c, &from_balance).await? {
                balances.insert((c.to_owned(), house), balance);
            }
        }
    }
    // Weigh each payment in order against what its bill still owes.
    let now = Utc::now();
    let mut outcomes = Vec::with_capacity(slips.len());
    let mut accepted: Vec<(usize, PaymentRow)> = Vec::new();
    for (i, s) in slips.iter().enumerate() {
        let mut p = s.payment.clone();
        let key = (p.community_id.clone(), p.idempotency_key.clone());
        if used.contains(&key) {
            outcomes.push(Outcome::KeyUsed);
            continue;
        }
        let Some(b) = bills.get_mut(&(p.community_id.clone(), p.bill_id)) else {
            outcomes.push(Outcome::NoBill);
            continue;
        };
        p.house_id = b.house_id;
        if b.amount - b.waived - b.paid + b.refunded < p.amount || p.amount <= 0 {
            outcomes.push(Outcome::NotOwed);
            continue;
        }
        if p.channel == PREPAID {
            let balance = balances.entry((p.community_id.clone(), p.house_id)).or_default();
            if *balance < p.amount {
                outcomes.push(Outcome::NoBalance(p.house_id));
                continue;
            }
            *balance -= p.amount;
        }
        used.insert(key);
        b.paid += p.amount;
        b.updated_at = now;
        outcomes.push(Outcome::Paid(Box::new((p.clone(), b.clone()))));
        accepted.push((i, p));
    }
    if accepted.is_empty() {
        tx.rollback().await?;
        return Ok(outcomes);
    }
    // Receipt numbers, in order, per community and year.
    let mut counts: BTreeMap<(String, i32), i64> = BTreeMap::new();
    for (_, p) in &accepted {
        *counts.entry((p.community_id.clone(), year_of(now))).or_default() += 1;
    }
    let mut next: HashMap<(String, i32), i64> = HashMap::new();
    for ((c, year), n) in &counts {
        let last = store::take_receipts(&mut tx, c, *year, *n).await?;
        next.insert((c.clone(), *year), last - n + 1);
    }
    for (i, p) in accepted.iter_mut() {
        let year = year_of(now);
        let n = next.get_mut(&(p.community_id.clone(), year)).expect("counted above");
        p.receipt_no = receipt_no(&p.community_id, year, *n);
        p.created_at = now;
        *n += 1;
        if let Outcome::Paid(paid) = &mut outcomes[*i] {
            paid.0.receipt_no = p.receipt_no.clone();
            paid.0.created_at = now;
        }
    }
    let rows: Vec<PaymentRow> = accepted.iter().map(|(_, p)| p.clone()).collect();
    if store::add_payments(&mut tx, &rows).await? != rows.len() as u64 {
        return Err(conflict("a key was used meanwhile"));
    }
    // Each bill moves once by what was paid into it, still guarded; in a
    // fixed order, so that two servers' batches never lock rows crosswise.
    let mut into: BTreeMap<(String, uuid::Uuid), i64> = BTreeMap::new();
    for p in &rows {
        *into.entry((p.community_id.clone(), p.bill_id)).or_default() += p.amount;
    }
    for ((c, bill), amount) in &into {
        if bill::pay_into(&mut tx, c, *bill, *amount, now).await?.is_none() {
            return Err(conflict("a bill changed meanwhile"));
        }
    }
    // Prepaid balances fall once per house, still guarded; each use is an entry.
    let mut spent: BTreeMap<(String, uuid::Uuid), i64> = BTreeMap::new();
    for p in rows.iter().filter(|p| p.channel == PREPAID) {
        *spent.entry((p.community_id.clone(), p.house_id)).or_default() += p.amount;
    }
    for ((c, house), amount) in &spent {
        if !prepaid::debit(&mut tx, c, *house, *amount, now).await? {
            return Err(conflict("a balance changed meanwhile"));
        }
    }
    let uses: Vec<prepaid::EntryRow> = rows
        .iter()
        .filter(|p| p.channel == PREPAID)
        .map(|p| prepaid::EntryRow {
            community_id: p.community_id.clone(),
            id: uuid::Uuid::now_v7(),
            house_id: p.house_id,
            kind: "spend".into(),
            amount: p.amount,
            bill_id: Some(p.bill_id),
            channel: PREPAID.into(),
            idempotency_key: p.idempotency_key.clone(),
            receipt_no: Some(p.receipt_no.clone()),
            taken_by: p.taken_by.clone(),
            created_at: now,
        })
        .collect();
    if prepaid::add_entries(&mut tx, &uses).await? != uses.len() as u64 {
        return Err(conflict("a balance key was used meanwhile"));
    }
    for (i, p) in &accepted {
        if let Some((order_no, txn)) = &slips[*i].order {
            order::order_paid(&mut tx, &p.community_id, order_no, txn, now).await?;
        }
    }
    let details: Vec<(String, serde_json::Value)> = rows
        .iter()
        .map(|p| {
            let detail = serde_json::json!({ "bill": p.bill_id, "amount": p.amount, "channel": p.channel,
                "receipt": p.receipt_no });
            (p.receipt_no.clone(), detail)
        })
        .collect();
    let entries: Vec<(&Actor, &str, &str, serde_json::Value)> = accepted
        .iter()
        .zip(&details)
        .map(|((i, _), (receipt, detail))| (&slips[*i].actor, "bill.pay", receipt.as_str(), detail.clone()))
        .collect();
    record_many(&mut tx, &entries).await.map_err(|e| match e {
        crate::app::Error::Store(s) => s,
        other => Error::Unreachable { target: "audit".into(), reason: other.to_string() },
    })?;
    tx.commit().await?;
    Ok(outcomes)
}

fn conflict(reason: &str) -> Error {
    Error::Conflict { constraint: format!("payment batch: {reason}") }
}
