//! Payments into bills, applied exactly once per idempotency key, with a
//! receipt numbered per community and year (the till writes them).

use chrono::Utc;
use linli_store::bills::payment::PaymentRow;
use uuid::Uuid;

use crate::app::access::auth::User;
use crate::app::bills::bill::BillView;
use crate::app::bills::fee::FeeItem;
use crate::app::bills::till::{Outcome, Slip, receipt_community};
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;

/// A payment taken: the payment, and whether this call made it or an
/// earlier one with the same key did.
#[derive(Debug, Clone)]
pub struct Paid {
    /// The payment.
    pub payment: PaymentRow,
    /// The bill after it.
    pub bill: BillView,
    /// The key was used before: nothing new was paid.
    pub replayed: bool,
}

/// A payment as it arrives.
#[derive(Debug, Clone)]
pub struct Payment {
    /// The bill's community.
    pub community: String,
    /// The bill.
    pub bill: Uuid,
    /// How much.
    pub amount: Fen,
    /// cash, card (counter), kiosk, online.
    pub channel: String,
    /// The client's idempotency key (8–64 characters).
    pub key: String,
    /// The online order it settles: (order number, provider's transaction).
    pub order: Option<(String, String)>,
}

/// Channels a payment can come through (`prepaid`: from the house's balance).
pub const CHANNELS: [&str; 5] = ["cash", "card", "kiosk", "online", "prepaid"];

impl App {
    /// Takes a payment into a bill, exactly once per key: the same key again
    /// returns the first payment and pays nothing; a payment for more than
    /// is owed (someone paid meanwhile) is refused and leaves no trace.
    pub async fn pay_bill(&self, user: &User, ip: &str, p: Payment) -> Result<Paid> {
        Self::may_bill(user, &p.community)?;
        self.take_payment(&user.actor(ip), &user.account.login_label(), p).await
    }

    /// A payment as it is taken, by whoever checked it may be (a cashier,
    /// a verified provider callback).
    pub(crate) async fn take_payment(
        &self,
        actor: &crate::app::access::audit::Actor,
        taken_by: &str,
        p: Payment,
    ) -> Result<Paid> {
        let key = p.key.trim().to_owned();
        if !(8..=64).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid("idempotency_key", Reason::PaymentKey));
        }
        if !CHANNELS.contains(&p.channel.as_str()) {
            return Err(Error::invalid("channel", Reason::PaymentChannel));
        }
        if p.amount <= Fen::ZERO {
            return Err(Error::invalid("amount", Reason::AmountNotPositive));
        }
        let fees = self.fee_items(&Error::community(&p.community)?).await?;
        // The bill is read in the till's transaction, with the keys used: a
        // payment's request makes no other read of its own.
        let payment = PaymentRow {
            community_id: p.community.clone(),
            id: Uuid::now_v7(),
            bill_id: p.bill,
            house_id: Uuid::nil(),
            amount: p.amount.fen(),
            channel: p.channel.clone(),
            idempotency_key: key.clone(),
            receipt_no: String::new(),
            taken_by: taken_by.to_owned(),
            created_at: Utc::now(),
        };
        let slip = Slip { actor: actor.clone(), payment, order: p.order.clone() };
        match self.till().submit(slip).await? {
            Outcome::Paid(paid) => {
                let (payment, after) = *paid;
                Ok(Paid { payment, bill: self.bill_view(after, &fees), replayed: false })
            }
            Outcome::KeyUsed => {
                let earlier = linli_store::bills::payment::payment_by_key(self.db(), &p.community, &key)
                    .await?
                    .ok_or(Error::NotFound("payment"))?;
                self.replay(earlier, &p, &fees).await
            }
            Outcome::NoBill => Err(Error::NotFound("bill")),
            Outcome::NoBalance(house) => {
                let left = linli_store::bills::prepaid::balance(self.db(), &p.community, house).await?;
                Err(Error::invalid("amount", Reason::PrepaidShort { left: Fen::new(left) }))
            }
            Outcome::NotOwed => {
                let bill = linli_store::bills::bill::bill_by_id(self.db(), &p.community, p.bill)
                    .await?
                    .ok_or(Error::NotFound("bill"))?;
                let ledger = self.bill_view(bill, &fees).ledger;
                Err(Error::invalid(
                    "amount",
                    match ledger.pay(p.amount) {
                        Err(e) => Reason::Ledger(e),
                        Ok(_) => Reason::PaidMeanwhile { owed: ledger.owed() },
                    },
                ))
            }
        }
    }

    async fn replay(&self, earlier: PaymentRow, p: &Payment, fees: &[FeeItem]) -> Result<Paid> {
        if earlier.bill_id != p.bill || earlier.amount != p.amount.fen() {
            return Err(Error::invalid("idempotency_key", Reason::KeyUsedForAnotherPayment));
        }
        let bill = linli_store::bills::bill::bill_by_id(self.db(), &p.community, p.bill)
            .await?
            .ok_or(Error::NotFound("bill"))?;
        Ok(Paid { payment: earlier, bill: self.bill_view(bill, fees), replayed: true })
    }

    /// One of a resident's own receipts: the payment and its bill.
    pub async fn my_receipt(&self, user: &User, number: &str) -> Result<(PaymentRow, BillView)> {
        for (_, bills) in self.my_bills(user).await? {
            if let Some(b) = bills.into_iter().find(|b| b.receipts.iter().any(|r| r == number.trim())) {
                let payment = self.payment_by_receipt(number).await?;
                return Ok((payment, b));
            }
        }
        Err(Error::NotFound("receipt"))
    }

    /// A receipt by number, for those whose scope holds its house (staff of
    /// its community, workers of its grid): the payment and its bill.
    pub async fn receipt(&self, user: &User, number: &str) -> Result<(PaymentRow, BillView)> {
        let scope = crate::app::registry::household::read_scope(user);
        let number = number.trim();
        let payment =
            linli_store::bills::payment::payment_by_receipt_under(self.db(), &scope, receipt_community(number), number)
                .await?
                .ok_or(Error::NotFound("receipt"))?;
        let bills = self.house_bills(user, &Error::community(&payment.community_id)?, payment.house_id).await?;
        let bill = bills.into_iter().find(|b| b.row.id == payment.bill_id).ok_or(Error::NotFound("receipt"))?;
        Ok((payment, bill))
    }

    /// A payment by its receipt number (the caller checks whose it is).
    pub async fn payment_by_receipt(&self, number: &str) -> Result<PaymentRow> {
        let number = number.trim();
        linli_store::bills::payment::payment_by_receipt(self.db(), receipt_community(number), number)
            .await?
            .ok_or(Error::NotFound("receipt"))
    }
}
