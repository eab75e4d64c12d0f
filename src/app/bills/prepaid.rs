//! Prepaid balances (预存款): a household leaves money with the community at
//! the counter; its owed bills are paid from it at once, and new bills as
//! they are made. A balance never goes below zero, and every use of it is a
//! bill payment through the till (channel `prepaid`) with its own receipt.

use chrono::Utc;
use linli_store::bills::prepaid::{self as store, EntryRow};
use linli_store::bills::{bill, house, payment};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::bills::payment::Payment;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::money::{self, Fen};
use crate::domain::registry::region::CommunityCode;

/// How settling a house went.
enum Settled {
    /// Nothing more to pay, or nothing left to pay with.
    Done,
    /// Someone paid or spent meanwhile: look again.
    Moved,
}

/// Money left with the community as it arrives at the counter.
#[derive(Debug, Clone)]
pub struct Deposit {
    /// The house's community.
    pub community: String,
    /// The house.
    pub house: Uuid,
    /// How much.
    pub amount: Fen,
    /// cash or card.
    pub channel: String,
    /// The client's idempotency key (8–64 characters).
    pub key: String,
}

/// A deposit taken: the entry with its receipt, the balance after it and
/// what was then paid from it; or the earlier one with the same key.
#[derive(Debug, Clone)]
pub struct Deposited {
    /// The deposit.
    pub entry: EntryRow,
    /// The balance now.
    pub balance: Fen,
    /// Bills paid from it just now: receipts.
    pub settled: Vec<String>,
    /// The key was used before: nothing new was taken.
    pub replayed: bool,
}

impl App {
    /// A house's balance and its entries, newest first, for staff of its
    /// community (the counter) — the caller has checked the house.
    pub(crate) async fn prepaid_of(&self, community: &str, house: Uuid) -> Result<(Fen, Vec<EntryRow>)> {
        let balance = store::balance(self.db(), community, house).await?;
        Ok((Fen::new(balance), store::entries(self.db(), community, house).await?))
    }

    /// A house's balance and entries for staff of its community.
    pub async fn prepaid(&self, user: &User, community: &CommunityCode, house: Uuid) -> Result<(Fen, Vec<EntryRow>)> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        self.prepaid_of(community, house).await
    }

    /// Takes a deposit at the counter, once per key, with a receipt; then
    /// pays the house's owed bills from the balance, oldest first.
    pub async fn deposit(&self, user: &User, ip: &str, d: Deposit) -> Result<Deposited> {
        Self::may_bill(user, &d.community)?;
        let key = d.key.trim().to_owned();
        if !(8..=64).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid("idempotency_key", Reason::DepositKey));
        }
        if !["cash", "card"].contains(&d.channel.as_str()) {
            return Err(Error::invalid("channel", Reason::DepositChannel));
        }
        if d.amount <= Fen::ZERO || d.amount > money::MAX {
            return Err(Error::invalid("amount", Reason::DepositNotPositive));
        }
        if house::houses(self.db(), &d.community, None, Some(d.house)).await?.is_empty() {
            return Err(Error::NotFound("house"));
        }
        let now = Utc::now();
        let year = crate::domain::time::zone().year(now);
        let mut tx = self.db().begin().await?;
        let n = payment::take_receipts(&mut tx, &d.community, year, 1).await?;
        let entry = EntryRow {
            community_id: d.community.clone(),
            id: Uuid::now_v7(),
            house_id: d.house,
            kind: "deposit".into(),
            amount: d.amount.fen(),
            bill_id: None,
            channel: d.channel.clone(),
            idempotency_key: key.clone(),
            receipt_no: Some(crate::app::bills::till::receipt_no(&d.community, year, n)),
            taken_by: user.account.login_label(),
            created_at: now,
        };
        if store::add_entries(&mut tx, std::slice::from_ref(&entry)).await? == 0 {
            // The same deposit again (a double click): the first one.
            tx.rollback().await?;
            let earlier =
                store::entry_by_key(self.db(), &d.community, &key).await?.ok_or(Error::NotFound("deposit"))?;
            if earlier.house_id != d.house || earlier.amount != d.amount.fen() || earlier.kind != "deposit" {
                return Err(Error::invalid("idempotency_key", Reason::KeyUsedForAnotherDeposit));
            }
            let balance = Fen::new(store::balance(self.db(), &d.community, d.house).await?);
            return Ok(Deposited { entry: earlier, balance, settled: Vec::new(), replayed: true });
        }
        store::credit(&mut tx, &d.community, d.house, d.amount.fen(), now).await?;
        let receipt = entry.receipt_no.clone().unwrap_or_default();
        let detail = json!({ "house": d.house, "amount": entry.amount, "channel": entry.channel, "receipt": receipt });
        record(&mut tx, &user.actor(ip), "prepaid.deposit", &receipt, detail).await?;
        tx.commit().await?;
        let settled = self.settle_from_prepaid(&user.actor(ip), &d.community, &[d.house]).await?;
        let balance = Fen::new(store::balance(self.db(), &d.community, d.house).await?);
        Ok(Deposited { entry, balance, settled, replayed: false })
    }

    /// Pays owed bills of these houses from their balances, oldest first,
    /// as far as each balance goes; returns the receipts. Safe to run
    /// twice at once: the till never lets a balance or a bill go past zero.
    pub(crate) async fn settle_from_prepaid(
        &self,
        actor: &Actor,
        community: &str,
        houses: &[Uuid],
    ) -> Result<Vec<String>> {
        let mut receipts = Vec::new();
        for house in houses {
            // Another settlement may race this one (two deposits at once):
            // a refused payment means the figures moved; read them again.
            for _round in 0..8 {
                match self.settle_house(actor, community, *house, &mut receipts).await? {
                    Settled::Done => break,
                    Settled::Moved => continue,
                }
            }
        }
        Ok(receipts)
    }

    async fn settle_house(
        &self,
        actor: &Actor,
        community: &str,
        house: Uuid,
        receipts: &mut Vec<String>,
    ) -> Result<Settled> {
        let mut left = store::balance(self.db(), community, house).await?;
        let mut owed: Vec<bill::BillRow> = bill::bills_of_house(self.db(), community, house)
            .await?
            .into_iter()
            .filter(|b| b.amount - b.waived - b.paid + b.refunded > 0)
            .collect();
        owed.sort_by(|a, b| (&a.period, &a.fee_code).cmp(&(&b.period, &b.fee_code)));
        for b in owed {
            if left <= 0 {
                break;
            }
            let amount = left.min(b.amount - b.waived - b.paid + b.refunded);
            let p = Payment {
                community: community.to_owned(),
                bill: b.id,
                amount: Fen::new(amount),
                channel: "prepaid".into(),
                key: format!("prepaid-{}", Uuid::now_v7().simple()),
                order: None,
            };
            match self.take_payment(actor, "预存款抵扣", p).await {
                Ok(paid) => {
                    left -= amount;
                    receipts.push(paid.payment.receipt_no);
                }
                Err(Error::Invalid { .. }) => return Ok(Settled::Moved),
                Err(e) => return Err(e),
            }
        }
        Ok(Settled::Done)
    }

    /// After a bill run: pays the new bills of houses with a balance.
    pub(crate) async fn settle_community_from_prepaid(&self, actor: &Actor, community: &str) -> Result<usize> {
        let houses: Vec<Uuid> = store::houses_with_balance(self.db(), community).await?.into_keys().collect();
        Ok(self.settle_from_prepaid(actor, community, &houses).await?.len())
    }

    /// A deposit's receipt: staff of its community, or a resident of its house.
    pub async fn deposit_receipt(&self, user: &User, number: &str) -> Result<(EntryRow, String)> {
        let number = number.trim();
        let community = crate::app::bills::till::receipt_community(number);
        let entry = store::deposit_by_receipt(self.db(), community, number).await?.ok_or(Error::NotFound("receipt"))?;
        let staff = crate::app::registry::household::works(user, &entry.community_id);
        let mut address = None;
        for h in self.my_households(user).await? {
            if house::house_of_household(self.db(), &h.row.community_id, h.row.id).await? == Some(entry.house_id) {
                address = Some(format!("{} {}-{}", h.row.building, h.row.unit, h.row.room));
            }
        }
        if !staff && address.is_none() {
            return Err(Error::NotFound("receipt"));
        }
        let address = match address {
            Some(a) => a,
            None => house::houses(self.db(), &entry.community_id, None, Some(entry.house_id))
                .await?
                .first()
                .map(|(_, _, building, unit, room)| format!("{building} {unit}-{room}"))
                .unwrap_or_default(),
        };
        Ok((entry, address))
    }
}
