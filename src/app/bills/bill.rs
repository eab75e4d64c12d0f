//! Bills and payments (缴费): a community's fee items, bill runs that can be
//! repeated safely, and payments applied exactly once per idempotency key
//! with a receipt numbered per community and year.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use linli_store::bills::adjustment as store;
use linli_store::bills::bill::{self, BillRow};
use linli_store::bills::fee::{self, FeeItemRow};
use linli_store::bills::payment::{self, PaymentRow};
use linli_store::bills::{arrears, house, reading};
use linli_store::notify::outbox;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::bills::till::Outcome;
use crate::app::registry::household::works;
use crate::app::{App, Error, Result};
use crate::domain::bills::bill::{Ledger, Pricing, Tier};
use crate::domain::money::Fen;

fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
    Error::Invalid { field, reason: reason.into() }
}

/// A fee item as staff set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItem {
    /// Code: 1–16 capital letters and digits.
    pub code: String,
    /// Name (物业费, 水费 …).
    pub name: String,
    /// How it charges.
    pub pricing: Pricing,
    /// Unit of metered use (m³, kWh); empty otherwise.
    pub unit: String,
    /// Billed in runs.
    pub active: bool,
}

impl FeeItem {
    /// `area`, `metered` or `fixed`.
    pub fn kind(&self) -> &'static str {
        match self.pricing {
            Pricing::PerArea { .. } => "area",
            Pricing::Metered { .. } => "metered",
            Pricing::Fixed { .. } => "fixed",
        }
    }

    /// The price as shown: ¥1.20/m²·月, ¥15.00/月, or the tiers.
    pub fn price_text(&self) -> String {
        match &self.pricing {
            Pricing::PerArea { fen_per_m2 } => format!("{}/m²·月", Fen::new(*fen_per_m2)),
            Pricing::Fixed { fen } => format!("{}/月", Fen::new(*fen)),
            Pricing::Metered { tiers } => tiers
                .iter()
                .map(|t| match t.up_to {
                    Some(u) => format!("≤{}{}：{}", u / 100, self.unit, Fen::new(t.fen_per_unit)),
                    None => format!("以上：{}", Fen::new(t.fen_per_unit)),
                })
                .collect::<Vec<_>>()
                .join("，"),
        }
    }
}

fn fee_row(community: &str, f: &FeeItem) -> FeeItemRow {
    let (price, tiers) = match &f.pricing {
        Pricing::PerArea { fen_per_m2 } => (*fen_per_m2, "[]".to_owned()),
        Pricing::Fixed { fen } => (*fen, "[]".to_owned()),
        Pricing::Metered { tiers } => (
            0,
            serde_json::to_string(&tiers.iter().map(|t| (t.up_to, t.fen_per_unit)).collect::<Vec<_>>())
                .expect("numbers"),
        ),
    };
    FeeItemRow {
        community_id: community.to_owned(),
        code: f.code.clone(),
        name: f.name.clone(),
        kind: f.kind().into(),
        price,
        tiers,
        unit: f.unit.clone(),
        active: f.active,
    }
}

fn fee_of(r: FeeItemRow) -> FeeItem {
    let pricing = match r.kind.as_str() {
        "area" => Pricing::PerArea { fen_per_m2: r.price },
        "metered" => Pricing::Metered {
            tiers: serde_json::from_str::<Vec<(Option<i64>, i64)>>(&r.tiers)
                .unwrap_or_default()
                .into_iter()
                .map(|(up_to, fen_per_unit)| Tier { up_to, fen_per_unit })
                .collect(),
        },
        _ => Pricing::Fixed { fen: r.price },
    };
    FeeItem { code: r.code, name: r.name, pricing, unit: r.unit, active: r.active }
}

/// A receipt's number: community, local year, and its place in the year.
pub(crate) fn receipt_no(community: &str, year: i32, n: i64) -> String {
    format!("{community}-{year}-{n:06}")
}

/// The community a receipt number was issued in (see [`receipt_no`]): its
/// receipts are looked up within it.
pub(crate) fn receipt_community(number: &str) -> &str {
    number.split_once('-').map_or("", |(community, _)| community)
}

/// Checks a billing period, `YYYY-MM`.
pub fn period(text: &str) -> Result<String> {
    let t = text.trim();
    let ok = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()) && t.len() == 7);
    ok.map(|_| t.to_owned()).ok_or_else(|| invalid("period", "账期应为年-月，如 2026-11"))
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

    /// A community's fee items.
    pub async fn fee_items(&self, community: &str) -> Result<Vec<FeeItem>> {
        // Every payment names its fee item: kept for a short while.
        if let Some((at, fees)) = self.cache().fees.get(community)
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(fees.as_ref().clone());
        }
        let fees: Vec<FeeItem> = fee::fee_items(self.db(), community).await?.into_iter().map(fee_of).collect();
        self.cache().fees.insert(community.to_owned(), (std::time::Instant::now(), std::sync::Arc::new(fees.clone())));
        Ok(fees)
    }

    /// Adds or changes a fee item of a community the user works in.
    pub async fn save_fee_item(&self, user: &User, ip: &str, community: &str, f: FeeItem) -> Result<FeeItem> {
        Self::may_bill(user, community)?;
        self.put_fee_item(&user.actor(ip), community, f).await
    }

    /// Adds or changes a fee item as an operator (the CLI).
    pub async fn put_fee_item(
        &self,
        actor: &crate::app::access::audit::Actor,
        community: &str,
        f: FeeItem,
    ) -> Result<FeeItem> {
        let code = f.code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 16 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(invalid("code", "收费项目编码应为 1–16 位大写字母或数字"));
        }
        let name = f.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(invalid("name", "收费项目名称应为 1–32 个字"));
        }
        let pricing = f.pricing.checked().map_err(|e| invalid("price", e.to_string()))?;
        let unit = f.unit.trim().chars().take(8).collect();
        let item = FeeItem { code, name, pricing, unit, active: f.active };
        let mut tx = self.db().begin().await?;
        fee::put_fee_item(&mut tx, &fee_row(community, &item)).await?;
        let detail =
            json!({ "name": item.name, "kind": item.kind(), "price": item.price_text(), "active": item.active });
        record(&mut tx, actor, "fee_item.save", &format!("{community}/{}", item.code), detail).await?;
        tx.commit().await?;
        self.cache().fees.remove(community);
        Ok(item)
    }

    /// Bills a fee item's period to a community's houses (or one building's,
    /// or one house); a house that has the bill already gets none.
    pub async fn run_bills(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        (fee_code, period_text): (&str, &str),
        (building, house): (Option<Uuid>, Option<Uuid>),
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<BillRun> {
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
            .fee_items(community)
            .await?
            .into_iter()
            .find(|f| f.code == fee_code.trim().to_ascii_uppercase() && f.active)
            .ok_or_else(|| invalid("fee", "没有这个收费项目，或已停用"))?;
        let houses = house::houses(self.db(), community, building, house).await?;
        let used = match fee.pricing {
            Pricing::Metered { .. } => Some(reading::use_in_period(self.db(), community, &fee.code, &period).await?),
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
            created += bill::add_bills(&mut tx, chunk).await?;
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

    fn view(&self, row: BillRow, fees: &[FeeItem]) -> BillView {
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
    pub async fn house_bills(&self, user: &User, community: &str, house: Uuid) -> Result<Vec<BillView>> {
        let scope = crate::app::registry::household::read_scope(user);
        if !house::house_visible(self.db(), &scope, community, house).await? {
            return Err(Error::NotFound("house"));
        }
        let fees = self.fee_items(community).await?;
        let rows = bill::bills_of_house_under(self.db(), &scope, community, house).await?;
        Ok(rows.into_iter().map(|r| self.view(r, &fees)).collect())
    }

    /// A house's bills, newest period first (the caller has checked who asks).
    pub(crate) async fn bills_of(&self, community: &str, house: Uuid) -> Result<Vec<BillView>> {
        let fees = self.fee_items(community).await?;
        let rows = bill::bills_of_house(self.db(), community, house).await?;
        Ok(rows.into_iter().map(|r| self.view(r, &fees)).collect())
    }

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
            return Err(invalid("idempotency_key", "每笔付款须带 8–64 位的幂等键"));
        }
        if !CHANNELS.contains(&p.channel.as_str()) {
            return Err(invalid("channel", "付款方式应为 cash、card、kiosk、online 或 prepaid"));
        }
        if p.amount <= Fen::ZERO {
            return Err(invalid("amount", "金额应大于零"));
        }
        let fees = self.fee_items(&p.community).await?;
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
        let slip = crate::app::bills::till::Slip { actor: actor.clone(), payment, order: p.order.clone() };
        match self.till().submit(slip).await? {
            Outcome::Paid(paid) => {
                let (payment, after) = *paid;
                Ok(Paid { payment, bill: self.view(after, &fees), replayed: false })
            }
            Outcome::KeyUsed => {
                let earlier =
                    payment::payment_by_key(self.db(), &p.community, &key).await?.ok_or(Error::NotFound("payment"))?;
                self.replay(earlier, &p, &fees).await
            }
            Outcome::NoBill => Err(Error::NotFound("bill")),
            Outcome::NoBalance(house) => {
                let left = linli_store::bills::prepaid::balance(self.db(), &p.community, house).await?;
                Err(invalid("amount", format!("预存款余额不足，现有 {}", Fen::new(left))))
            }
            Outcome::NotOwed => {
                let bill = bill::bill_by_id(self.db(), &p.community, p.bill).await?.ok_or(Error::NotFound("bill"))?;
                let ledger = self.view(bill, &fees).ledger;
                Err(invalid(
                    "amount",
                    match ledger.pay(p.amount) {
                        Err(e) => e.to_string(),
                        Ok(_) => format!("这笔账单刚被缴过，现在应缴 {}", ledger.owed()),
                    },
                ))
            }
        }
    }

    async fn replay(&self, earlier: PaymentRow, p: &Payment, fees: &[FeeItem]) -> Result<Paid> {
        if earlier.bill_id != p.bill || earlier.amount != p.amount.fen() {
            return Err(invalid("idempotency_key", "这个幂等键已用于另一笔付款"));
        }
        let bill = bill::bill_by_id(self.db(), &p.community, p.bill).await?.ok_or(Error::NotFound("bill"))?;
        Ok(Paid { payment: earlier, bill: self.view(bill, fees), replayed: true })
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
        let payment = payment::payment_by_receipt_under(self.db(), &scope, receipt_community(number), number)
            .await?
            .ok_or(Error::NotFound("receipt"))?;
        let bills = self.house_bills(user, &payment.community_id, payment.house_id).await?;
        let bill = bills.into_iter().find(|b| b.row.id == payment.bill_id).ok_or(Error::NotFound("receipt"))?;
        Ok((payment, bill))
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
        let house = house::house_of_household(self.db(), &h.row.community_id, household)
            .await?
            .ok_or(Error::NotFound("house"))?;
        let bills = self.house_bills(user, &h.row.community_id, house).await?;
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
            let Some(house) = house::house_of_household(self.db(), &h.row.community_id, h.row.id).await? else {
                continue;
            };
            let fees = self.fee_items(&h.row.community_id).await?;
            let mut bills = Vec::new();
            for b in bill::bills_of_house(self.db(), &h.row.community_id, house).await? {
                let mut v = self.view(b, &fees);
                if v.row.paid > 0 {
                    let paid = payment::payments_of_bill(self.db(), &v.row.community_id, v.row.id).await?;
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

/// A meter reading as someone enters it.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The house's community.
    pub community: String,
    /// The house.
    pub house: Uuid,
    /// The metered fee item.
    pub fee: String,
    /// `YYYY-MM`.
    pub period: String,
    /// What the meter shows, hundredths of a unit.
    pub reading: i64,
    /// A new meter was fitted this period (it counts from zero).
    pub meter_change: bool,
}

/// What a reading counts its use from: the last reading; zero after a meter
/// change; itself when it is the first. A reading below the last one without
/// a meter change is refused, with what to do.
pub(crate) fn previous_of(last: Option<i64>, reading: i64, meter_change: bool) -> std::result::Result<i64, String> {
    let show = |n: i64| format!("{}.{:02}", n / 100, n % 100);
    match (last, meter_change) {
        (_, true) => Ok(0),
        (Some(before), false) if reading < before => {
            Err(format!("本期读数 {} 小于上期 {}；如已换表，请注明“换表”", show(reading), show(before)))
        }
        (Some(before), false) => Ok(before),
        // The first reading is where the use starts counting.
        (None, false) => Ok(reading),
    }
}

impl App {
    /// A community's metered fee item (水电气) by code.
    pub(crate) async fn metered_fee(&self, community: &str, code: &str) -> Result<FeeItem> {
        self.fee_items(community)
            .await?
            .into_iter()
            .find(|f| f.code == code.trim().to_ascii_uppercase() && matches!(f.pricing, Pricing::Metered { .. }))
            .ok_or_else(|| invalid("fee", "没有这个抄表收费项目"))
    }

    /// Records a meter reading: never lower than the last one unless the
    /// meter was changed; one per house, fee item and period.
    pub async fn record_reading(&self, user: &User, ip: &str, r: Reading) -> Result<reading::ReadingRow> {
        Self::may_bill(user, &r.community)?;
        let period = period(&r.period)?;
        let fee = self.metered_fee(&r.community, &r.fee).await?;
        if house::houses(self.db(), &r.community, None, Some(r.house)).await?.is_empty() {
            return Err(Error::NotFound("house"));
        }
        if r.reading < 0 {
            return Err(invalid("reading", "读数不能为负"));
        }
        let last = reading::reading_before(self.db(), &r.community, r.house, &fee.code, &period).await?;
        let previous =
            previous_of(last.map(|(_, n)| n), r.reading, r.meter_change).map_err(|e| invalid("reading", e))?;
        let row = reading::ReadingRow {
            community_id: r.community.clone(),
            id: Uuid::now_v7(),
            house_id: r.house,
            fee_code: fee.code.clone(),
            period: period.clone(),
            reading: r.reading,
            previous,
            meter_change: r.meter_change,
            read_by: user.account.login_label(),
            read_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        if !reading::add_reading(&mut tx, &row).await? {
            return Err(invalid("period", "这一户本期已抄表"));
        }
        let detail = json!({ "house": r.house, "fee": fee.code, "period": period, "reading": r.reading,
            "previous": previous, "meter_change": r.meter_change });
        record(&mut tx, &user.actor(ip), "meter.read", &r.community, detail).await?;
        tx.commit().await?;
        Ok(row)
    }
}

impl App {
    /// A payment by its receipt number (the caller checks whose it is).
    pub async fn payment_by_receipt(&self, number: &str) -> Result<PaymentRow> {
        let number = number.trim();
        payment::payment_by_receipt(self.db(), receipt_community(number), number)
            .await?
            .ok_or(Error::NotFound("receipt"))
    }
}

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
    pub row: store::AdjustmentRow,
    /// The bill's house: 3号楼 1-101.
    pub address: String,
    /// The bill: 物业费 · 2026-11.
    pub fee: String,
}

impl App {
    /// Asks for a waiver or a refund; a second person decides.
    pub async fn request_adjustment(&self, user: &User, ip: &str, a: Adjustment) -> Result<store::AdjustmentRow> {
        Self::may_bill(user, &a.community)?;
        let reason = a.reason.trim().to_owned();
        if !(2..=200).contains(&reason.chars().count()) {
            return Err(invalid("reason", "请写明减免或退款的原因（2–200 字）"));
        }
        let fees = self.fee_items(&a.community).await?;
        let bill = bill::bill_by_id(self.db(), &a.community, a.bill).await?.ok_or(Error::NotFound("bill"))?;
        let ledger = self.view(bill, &fees).ledger;
        let checked = match a.kind.as_str() {
            "waive" => ledger.waive(a.amount),
            "refund" => ledger.refund(a.amount),
            _ => return Err(invalid("kind", "类型应为 waive（减免）或 refund（退款）")),
        };
        checked.map_err(|e| invalid("amount", e.to_string()))?;
        let row = store::AdjustmentRow {
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
        store::add_adjustment(&mut tx, &row).await?;
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
    ) -> Result<Vec<store::AdjustmentRow>> {
        Self::may_bill(user, community)?;
        Ok(store::adjustments(self.db(), community, state).await?)
    }

    /// A community's waivers and refunds to show: those waiting, then the
    /// 20 last decided; each with its bill's house and fee.
    pub async fn adjustment_views(&self, user: &User, community: &str) -> Result<Vec<AdjustmentView>> {
        Self::may_bill(user, community)?;
        let mut rows = store::adjustments(self.db(), community, None).await?;
        rows.sort_by(|a, b| {
            (a.state != "requested", std::cmp::Reverse(a.created_at))
                .cmp(&(b.state != "requested", std::cmp::Reverse(b.created_at)))
        });
        let waiting = rows.iter().filter(|a| a.state == "requested").count();
        rows.truncate(waiting + 20);
        let fees = self.fee_items(community).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let bill = bill::bill_by_id(self.db(), community, row.bill_id).await?;
            let (address, fee) = match bill {
                Some(b) => {
                    let house = house::houses(self.db(), community, None, Some(b.house_id)).await?;
                    let address = house.first().map(|(_, _, bd, u, r)| format!("{bd} {u}-{r}")).unwrap_or_default();
                    let period = b.period.clone();
                    (address, format!("{} · {period}", self.view(b, &fees).fee_name))
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
    ) -> Result<store::AdjustmentRow> {
        use crate::domain::access::role::Role;
        let head = [Role::CommunityHead, Role::StreetAdmin, Role::DistrictAdmin]
            .into_iter()
            .any(|r| user.account.has_role_over(r, community));
        if !head {
            return Err(Error::Forbidden);
        }
        let mut a = store::adjustments(self.db(), community, Some("requested"))
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(Error::NotFound("adjustment"))?;
        if a.requested_by == user.account.row.id {
            return Err(invalid("adjustment", "减免和退款须由另一人审批"));
        }
        let now = Utc::now();
        a.state = if approve { "approved" } else { "rejected" }.into();
        a.decided_by = Some(user.account.login_label());
        a.decided_at = Some(now);
        let mut tx = self.db().begin().await?;
        if !store::decide_adjustment(&mut tx, &a).await? {
            return Err(invalid("adjustment", "这项申请刚被别人处理过"));
        }
        if approve && !store::adjust_bill(&mut tx, &a, now).await? {
            tx.rollback().await?;
            return Err(invalid("amount", "账单已有变动，这笔减免或退款已超出可调整的金额"));
        }
        let detail = json!({ "bill": a.bill_id, "kind": a.kind, "amount": a.amount, "approved": approve });
        record(&mut tx, &user.actor(ip), "bill.adjust_decide", &a.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(a)
    }
}

impl App {
    /// Houses of a community (under a grid, if given) that owe money, most
    /// first: for staff of the community and the grid's workers.
    pub async fn arrears(&self, user: &User, community: &str, grid: Option<&str>) -> Result<Vec<arrears::ArrearRow>> {
        let under = Self::arrears_under(user, community, grid)?;
        Ok(arrears::arrears(self.db(), community, Some(&under)).await?)
    }

    /// The region an arrears list covers: the grid or community asked for,
    /// narrowed to the caller's scope.
    fn arrears_under(user: &User, community: &str, grid: Option<&str>) -> Result<String> {
        let scope = crate::app::registry::household::read_scope(user);
        let grid = grid.map(str::trim).filter(|g| !g.is_empty());
        if let Some(g) = grid
            && (!g.starts_with(community) || !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(invalid("grid", "网格代码应以社区代码开头"));
        }
        let asked = grid.unwrap_or(community);
        // Within scope: the caller's scope covers what was asked, or what was
        // asked lies inside the caller's (narrower) scope — then only that.
        if scope.iter().any(|p| asked.starts_with(p.as_str())) {
            Ok(asked.to_owned())
        } else if let Some(p) = scope.iter().find(|p| p.starts_with(asked)) {
            Ok(p.clone())
        } else {
            Err(Error::NotFound("community"))
        }
    }

    /// Sends a payment reminder (催缴) by SMS to a reachable person of each
    /// house in arrears (under a grid, if given), once a day at most;
    /// returns how many went.
    pub async fn remind_arrears(&self, user: &User, ip: &str, community: &str, grid: Option<&str>) -> Result<usize> {
        let under = Self::arrears_under(user, community, grid)?;
        if !works(user, &under) {
            return Err(Error::Forbidden);
        }
        let rows = arrears::arrears(self.db(), community, Some(&under)).await?;
        let now = Utc::now();
        // Once a day: not to those reminded since the local midnight.
        let midnight = crate::domain::time::day_bounds(crate::domain::time::day(now)).0;
        let today = outbox::notified_since(self.db(), community, "缴费提醒", midnight).await?;
        let mut tx = self.db().begin().await?;
        let mut sent = 0;
        for r in &rows {
            let Some((person, name)) =
                house::reachable_in_house(self.db(), community, r.house_id).await?.into_iter().next()
            else {
                continue;
            };
            if today.contains(&format!("person:{community}:{person}")) {
                continue;
            }
            let n = linli_store::notify::outbox::Notification {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("person:{community}:{person}"),
                subject: "缴费提醒".into(),
                body: format!(
                    "{name}您好：{} {}-{} 自 {} 起有 {} 笔费用未缴，共 {}。可在社区服务中心、自助终端或“我的账单”缴纳。",
                    r.building,
                    r.unit,
                    r.room,
                    r.since,
                    r.bills,
                    Fen::new(r.owed)
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
            sent += 1;
        }
        let detail = json!({ "grid": grid, "houses": rows.len(), "sent": sent });
        record(&mut tx, &user.actor(ip), "bill.remind", community, detail).await?;
        tx.commit().await?;
        Ok(sent)
    }
}
