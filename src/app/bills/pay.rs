//! Online payment through a provider (WeChat Pay, Alipay, UnionPay plug in
//! here). linli creates an order, the payer pays on the provider's page, and
//! the provider sends a signed callback; linli checks the signature, the
//! order and the amount, and applies the payment once — a callback sent
//! twice pays nothing the second time.
//!
//! The local provider `sim` works like a real gateway, served by linli
//! itself under `/pay-sim/`: its page takes the payment and sends the
//! callback, signed with HMAC-SHA256 under a key derived from linli's own
//! secret key (the shared secret a real provider issues).

use chrono::{NaiveDate, Utc};
use linli_store::bills::bill;
use linli_store::bills::charge as store;
use linli_store::bills::order::{self, OrderRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::bills::payment::{Paid, Payment};
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;

/// What a provider's callback says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    /// linli's order number.
    pub order_no: String,
    /// What was paid, fen.
    pub amount: i64,
    /// The provider's transaction id.
    pub txn: String,
}

/// The hash kind the simulator's signatures are made under.
const SIM_SIGNATURE: &str = "pay-sim-callback";

/// A payment provider: where the payer pays, and how its callbacks are
/// checked. WeChat Pay, Alipay and UnionPay implement this with their own
/// signing (their certificates and keys come from the settings).
pub trait Provider: Send + Sync {
    /// Its name in orders and in the callback's path.
    fn name(&self) -> &'static str;
    /// Where the payer pays an order.
    fn pay_url(&self, order: &OrderRow) -> String;
    /// Checks a callback's signature and reads it.
    fn verify(&self, body: &[u8], signature: &str) -> Result<Callback>;
    /// The provider's statement of a day (local time): what it charged,
    /// for reconciliation. Real providers serve it as a file to download.
    fn statement(&self, day: NaiveDate) -> BoxFuture<'_, Result<Vec<StatementLine>>>;
}

/// A future a provider returns (the trait is used as `dyn Provider`).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A line of a provider's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    /// linli's order number.
    pub order_no: String,
    /// The provider's transaction id.
    pub txn: String,
    /// Charged, fen.
    pub amount: i64,
    /// When.
    pub at: chrono::DateTime<Utc>,
}

/// A new order number: unique everywhere, as a provider wants it.
pub fn new_order_no() -> String {
    format!("P{}", Uuid::now_v7().simple()).to_ascii_uppercase()[..25].to_owned()
}

/// What an online payment settled: a bill (with its receipt) or a produce
/// order.
#[derive(Debug, Clone)]
pub enum Settled {
    /// A bill was paid.
    Bill(Box<Paid>),
    /// A produce order was paid.
    Produce {
        /// The order after it.
        order: Box<crate::app::centre::produce::OrderView>,
        /// The payment was applied before: nothing new was paid.
        replayed: bool,
    },
}

impl Settled {
    /// What the payer keeps: the receipt number of a bill, the order's
    /// number of a produce order.
    pub fn reference(&self) -> String {
        match self {
            Settled::Bill(p) => p.payment.receipt_no.clone(),
            Settled::Produce { order, .. } => order.order.id.to_string(),
        }
    }

    /// Whether it was applied before.
    pub fn replayed(&self) -> bool {
        match self {
            Settled::Bill(p) => p.replayed,
            Settled::Produce { replayed, .. } => *replayed,
        }
    }
}

/// The local provider's name in orders, payments and statements.
pub const LOCAL_PROVIDER: &str = "sim";

/// The local provider: its page is served by linli under `/pay-sim/`, its
/// callbacks are signed with HMAC-SHA256 under a key derived from linli's
/// own secret key.
pub struct Sim<'a> {
    app: &'a App,
}

impl Provider for Sim<'_> {
    fn name(&self) -> &'static str {
        LOCAL_PROVIDER
    }

    fn pay_url(&self, order: &OrderRow) -> String {
        format!("/pay-sim/{}", order.order_no)
    }

    fn verify(&self, body: &[u8], signature: &str) -> Result<Callback> {
        let text = String::from_utf8_lossy(body);
        let good = self.app.keys().lookup_hashes(SIM_SIGNATURE, &text);
        let given = signature.trim().to_ascii_lowercase();
        if !good.iter().any(|g| crate::app::system::keys::constant_time_eq(g.as_bytes(), given.as_bytes())) {
            tracing::warn!(provider = "sim", "payment callback with a bad signature refused");
            return Err(Error::invalid("signature", Reason::BadSignature));
        }
        serde_json::from_slice(body).map_err(|_| Error::invalid("body", Reason::UnreadableCallback))
    }

    fn statement(&self, day: NaiveDate) -> BoxFuture<'_, Result<Vec<StatementLine>>> {
        Box::pin(async move {
            let charges = store::charges_between(self.app.db(), crate::domain::time::day_bounds(day)).await?;
            Ok(charges
                .into_iter()
                .map(|c| StatementLine { order_no: c.order_no, txn: c.txn, amount: c.amount, at: c.charged_at })
                .collect())
        })
    }
}

impl App {
    /// The providers switched on, by name.
    pub fn provider_names(&self) -> Vec<&'static str> {
        if self.pay_sim() { vec![LOCAL_PROVIDER] } else { Vec::new() }
    }

    /// A provider by name.
    pub fn provider(&self, name: &str) -> Option<Box<dyn Provider + '_>> {
        match name {
            LOCAL_PROVIDER if self.pay_sim() => Some(Box::new(Sim { app: self })),
            _ => None,
        }
    }

    /// Creates an order to pay a bill online: a resident for a bill of their
    /// own home, or staff for one of their community. Without an amount it
    /// is what the bill owes; with one, part of it.
    pub async fn create_order(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        bill: Uuid,
        amount: Option<Fen>,
    ) -> Result<OrderRow> {
        let mine = self.my_bills(user).await?.iter().any(|(_, bills)| bills.iter().any(|b| b.row.id == bill));
        if !mine && !crate::app::registry::household::works(user, community) {
            return Err(Error::NotFound("bill"));
        }
        self.place_order(&user.actor(ip), &user.account.login_label(), community, bill, ("online", amount)).await
    }

    /// An order for a bill, placed through a channel (online, kiosk), for
    /// what it owes or part of it (the caller has checked who asks).
    pub(crate) async fn place_order(
        &self,
        actor: &Actor,
        created_by: &str,
        community: &str,
        bill: Uuid,
        (channel, amount): (&str, Option<Fen>),
    ) -> Result<OrderRow> {
        let provider =
            self.provider(LOCAL_PROVIDER).ok_or_else(|| Error::invalid("provider", Reason::NoOnlinePayment))?.name();
        let row = bill::bill_by_id(self.db(), community, bill).await?.ok_or(Error::NotFound("bill"))?;
        let owed = row.amount - row.waived - row.paid + row.refunded;
        if owed <= 0 {
            return Err(Error::invalid("bill", Reason::BillPaidUp));
        }
        let amount = match amount.map(Fen::fen) {
            None => owed,
            Some(a) if a > 0 && a <= owed => a,
            Some(_) => return Err(Error::invalid("amount", Reason::OrderAmount { owed: Fen::new(owed) })),
        };
        let order = OrderRow {
            community_id: community.to_owned(),
            order_no: new_order_no(),
            bill_id: Some(bill),
            amount,
            provider: provider.into(),
            state: "created".into(),
            provider_txn: None,
            created_by: created_by.to_owned(),
            created_at: Utc::now(),
            paid_at: None,
            channel: channel.to_owned(),
            produce_order_id: None,
        };
        let mut tx = self.db().begin().await?;
        order::add_order(&mut tx, &order).await?;
        let detail =
            serde_json::json!({ "bill": bill, "amount": amount, "provider": order.provider, "channel": channel });
        record(&mut tx, actor, "pay.order", &order.order_no, detail).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// An order by number (the provider's page shows it to the payer).
    pub async fn order(&self, order_no: &str) -> Result<OrderRow> {
        order::order(self.db(), order_no.trim()).await?.ok_or(Error::NotFound("order"))
    }

    /// The simulator's side of a payment: it charges the payer (once per
    /// order, in its own ledger) and makes the callback body and signature
    /// its servers would send.
    pub async fn sim_pay(&self, order_no: &str) -> Result<(Vec<u8>, String)> {
        if !self.pay_sim() {
            return Err(Error::NotFound("provider"));
        }
        let order = self.order(order_no).await?;
        let charge = store::ChargeRow {
            order_no: order.order_no.clone(),
            txn: format!("SIM{}", Uuid::new_v4().simple()),
            amount: order.amount,
            charged_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        let charge = store::add_charge(&mut tx, &charge).await?;
        tx.commit().await?;
        let cb = Callback { order_no: charge.order_no, amount: charge.amount, txn: charge.txn };
        let body = serde_json::to_vec(&cb).expect("a callback serialises");
        let signature = self.sim_signature(&body);
        Ok((body, signature))
    }

    /// The simulator's signature of a callback body (what the provider's
    /// shared secret makes; tests use it to send their own callbacks).
    #[doc(hidden)]
    pub fn sim_signature(&self, body: &[u8]) -> String {
        self.keys().lookup_hash(SIM_SIGNATURE, &String::from_utf8_lossy(body))
    }

    /// A provider's callback: the signature must be the provider's, the
    /// order linli's and the amount the order's; then the payment is
    /// applied once (its idempotency key is the order number).
    pub async fn payment_callback(&self, provider: &str, body: &[u8], signature: &str) -> Result<Settled> {
        let provider = self.provider(provider).ok_or(Error::NotFound("provider"))?;
        let cb = provider.verify(body, signature)?;
        let provider = provider.name();
        let order = self.order(&cb.order_no).await?;
        if cb.amount != order.amount {
            tracing::warn!(order = %order.order_no, paid = cb.amount, expected = order.amount, "payment callback amount differs");
            return Err(Error::invalid(
                "amount",
                Reason::CallbackAmount { paid: Fen::new(cb.amount), ordered: Fen::new(order.amount) },
            ));
        }
        let actor = Actor::system(&format!("pay:{provider}"), provider);
        self.settle(&actor, &format!("在线支付 {provider}"), &order, &cb.txn).await
    }

    /// Applies a paid online order to what it pays, once.
    pub(crate) async fn settle(&self, actor: &Actor, taken_by: &str, order: &OrderRow, txn: &str) -> Result<Settled> {
        if order.produce_order_id.is_some() {
            let (view, replayed) = self.produce_paid_online(actor, order, txn).await?;
            return Ok(Settled::Produce { order: Box::new(view), replayed });
        }
        let payment = Payment {
            community: order.community_id.clone(),
            bill: order.bill_id.ok_or(Error::NotFound("bill"))?,
            amount: Fen::new(order.amount),
            channel: order.channel.clone(),
            key: format!("order:{}", order.order_no),
            order: Some((order.order_no.clone(), txn.to_owned())),
        };
        Ok(Settled::Bill(Box::new(self.take_payment(actor, taken_by, payment).await?)))
    }
}
