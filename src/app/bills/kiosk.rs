//! The kiosk (智慧货架): a touch screen in the service centre. A device signs
//! in with a `kiosk` token; a resident is identified by ID number, or — no
//! ID card at hand — by phone and a one-time code sent through the outbox,
//! or by staff beside them, who give the kiosk a one-time assist code;
//! they see their home's unpaid bills, pay, and get a receipt.

use chrono::{Duration, Utc};
use linli_store::bills::kiosk::{self as store, KioskSessionRow};
use linli_store::bills::{house, order, payment};
use linli_store::notify::outbox::Notification;
use linli_store::registry::search::{Key, PersonHit};
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::access::limit::{Counted, Limit};
use crate::app::access::token::Client;
use crate::app::bills::bill::BillView;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::registry::id_number::IdNumber;
use crate::domain::registry::search::{Wanted, parse};

/// How long a resident stays identified at a kiosk.
pub const SESSION_MINUTES: i64 = 10;
/// Wrong codes allowed.
pub const MAX_ATTEMPTS: i64 = 5;

/// How a resident is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The ID number, typed on the number pad.
    IdNumber,
    /// The phone; a code is texted to it.
    Phone,
}

/// Failed identifications (an unknown ID number, a wrong assist code) a
/// kiosk may make in [`LOCK_MINUTES`] before it must wait: typing ID
/// numbers at random must not walk the registry.
pub const MAX_MISSES: i64 = 10;
/// The window those misses are counted in.
pub const LOCK_MINUTES: i64 = 10;

/// The limit misses are counted under, per kiosk.
pub const MISSES: Limit = Limit { kind: "kiosk-miss", max: MAX_MISSES, window_minutes: LOCK_MINUTES };

impl App {
    /// Counts an identification as a miss before it is tried (so that a
    /// burst of parallel ones gets no more through than the limit), or
    /// refuses a kiosk that missed too often lately. A hit is given back.
    async fn kiosk_throttle(&self, device: &Client) -> Result<Counted> {
        self.reserve(&MISSES, &device.name).await?.map_err(|_| Error::TooMany)
    }

    /// Staff beside a resident open a session for their household and get a
    /// 6-digit code to type on the kiosk (the resident has neither ID card
    /// nor phone at hand).
    pub async fn kiosk_assist(&self, user: &User, ip: &str, household: Uuid) -> Result<(String, KioskSessionRow)> {
        let h = self.household(user, household).await?;
        if !crate::app::registry::household::works(user, &h.row.community_id) {
            return Err(Error::Forbidden);
        }
        let now = Utc::now();
        let code = format!("{:06}", u32::from_be_bytes(crate::app::system::keys::random_bytes::<4>()) % 1_000_000);
        let session = KioskSessionRow {
            community_id: h.row.community_id.clone(),
            id: Uuid::new_v4(),
            household_id: household,
            method: "staff".into(),
            phone_sealed: None,
            code_hash: Some(self.keys().lookup_hash("kiosk-assist", &code)),
            attempts: 0,
            device: String::new(),
            created_at: now,
            expires_at: now + Duration::minutes(SESSION_MINUTES),
            verified_at: None,
        };
        let mut tx = self.db().begin().await?;
        store::add_kiosk_session(&mut tx, &session).await?;
        let detail = serde_json::json!({ "household": household });
        record(&mut tx, &user.actor(ip), "kiosk.assist", &session.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok((code, session))
    }

    /// A kiosk takes over the session staff opened, by its code.
    pub async fn kiosk_claim(&self, device: &Client, ip: &str, code: &str) -> Result<KioskSessionRow> {
        let code = code.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("code", Reason::AssistCodeDigits));
        }
        let miss = self.kiosk_throttle(device).await?;
        let hashes = self.keys().lookup_hashes("kiosk-assist", code);
        let region = device.region.prefix().to_owned();
        let mut tx = self.db().begin().await?;
        match store::claim_assisted(&mut tx, &hashes, &device.name, Utc::now()).await? {
            // Only a household within the kiosk's own region.
            Some(s) if s.community_id.starts_with(&region) => {
                let detail = serde_json::json!({ "by": "staff", "household": s.household_id });
                record(&mut tx, &device.actor(ip), "kiosk.identify", &s.id.to_string(), detail).await?;
                tx.commit().await?;
                self.give_back(&miss).await?;
                Ok(s)
            }
            _ => {
                tx.rollback().await?;
                Err(Error::invalid("code", Reason::AssistCodeWrong))
            }
        }
    }

    /// Finds the resident a kiosk is told about, within its token's region,
    /// and starts a session: verified at once for an ID number, waiting for
    /// the texted code for a phone.
    pub async fn kiosk_identify(&self, device: &Client, ip: &str, by: By, typed: &str) -> Result<KioskSessionRow> {
        let keys = self.keys();
        let key = match (by, parse(typed.trim())) {
            (By::IdNumber, Ok(Wanted::IdNumber(id))) => {
                // A mistyped digit breaks the check digit: say the number is
                // wrong, not that nobody has it.
                if IdNumber::parse(&id, Utc::now().date_naive()).is_err() {
                    return Err(Error::invalid("id_number", Reason::KioskIdMistyped));
                }
                Key::IdHashes(keys.lookup_hashes("id", &id))
            }
            (By::Phone, Ok(Wanted::Phone(p))) => Key::PhoneHashes(keys.lookup_hashes("phone", &p)),
            (By::IdNumber, _) => return Err(Error::invalid("id_number", Reason::KioskIdNumber)),
            (By::Phone, _) => return Err(Error::invalid("phone", Reason::KioskPhone)),
        };
        let miss = self.kiosk_throttle(device).await?;
        let scope = [device.region.prefix().to_owned()];
        let found: Vec<PersonHit> = linli_store::registry::search::search(self.db(), &scope, &key, 5)
            .await?
            .into_iter()
            .filter(|h| h.person.status == "active")
            .collect();
        let Some(hit) = found.first() else {
            return Err(match by {
                By::IdNumber => Error::invalid("id_number", Reason::NoHouseholdForId),
                By::Phone => Error::invalid("phone", Reason::NoHouseholdForPhone),
            });
        };
        let now = Utc::now();
        let code = format!("{:06}", u32::from_be_bytes(crate::app::system::keys::random_bytes::<4>()) % 1_000_000);
        let session = KioskSessionRow {
            community_id: hit.person.community_id.clone(),
            id: Uuid::new_v4(),
            household_id: hit.place.id,
            method: match by {
                By::IdNumber => "id_number",
                By::Phone => "phone",
            }
            .into(),
            phone_sealed: if by == By::Phone { hit.person.phone_sealed.clone() } else { None },
            code_hash: (by == By::Phone).then(|| keys.lookup_hash("kiosk-code", &code)),
            attempts: 0,
            device: device.name.clone(),
            created_at: now,
            expires_at: now + Duration::minutes(SESSION_MINUTES),
            verified_at: (by == By::IdNumber).then_some(now),
        };
        let mut tx = self.db().begin().await?;
        store::add_kiosk_session(&mut tx, &session).await?;
        if by == By::Phone {
            let n = Notification {
                community_id: session.community_id.clone(),
                id: Uuid::now_v7(),
                channel: "sms".into(),
                recipient: format!("kiosk:{}", session.id),
                subject: "缴费验证码".into(),
                body: format!(
                    "您正在社区自助终端缴费，验证码 {code}，{SESSION_MINUTES} 分钟内有效。如非本人操作请忽略。"
                ),
                event_id: None,
                created_at: now,
                sent_at: None,
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
        }
        let detail = serde_json::json!({ "by": session.method, "household": session.household_id });
        record(&mut tx, &device.actor(ip), "kiosk.identify", &session.id.to_string(), detail).await?;
        tx.commit().await?;
        self.give_back(&miss).await?;
        Ok(session)
    }

    /// Checks the texted code; five wrong ones end the session.
    pub async fn kiosk_verify(&self, device: &Client, id: Uuid, code: &str) -> Result<()> {
        let s = self.kiosk_session(device, id, false).await?;
        // The try is counted before the code is compared, in one step:
        // parallel guesses get no more than five between them.
        if !store::kiosk_try(self.db(), &s.community_id, id, MAX_ATTEMPTS).await? {
            return Err(Error::invalid("code", Reason::SmsCodeTooManyTries));
        }
        let good = self.keys().lookup_hashes("kiosk-code", code.trim());
        if s.code_hash.as_ref().is_some_and(|h| good.contains(h)) {
            store::kiosk_verified(self.db(), &s.community_id, id, Utc::now()).await?;
            Ok(())
        } else {
            Err(Error::invalid("code", Reason::SmsCodeWrong))
        }
    }

    /// Ends a session of this kiosk (返回首页, or the minute without a
    /// touch ran out): whoever touches the screen next, or reopens the
    /// session's address, sees nothing of the resident before.
    pub async fn kiosk_end(&self, device: &Client, ip: &str, id: Uuid) -> Result<()> {
        let now = Utc::now();
        if store::end_kiosk_session(self.db(), &device.name, id, now).await? {
            self.note(&device.actor(ip), "kiosk.end", &id.to_string()).await?;
        }
        Ok(())
    }

    /// A session of this kiosk that has not ended (and, when `verified`,
    /// whose resident is identified).
    pub async fn kiosk_session(&self, device: &Client, id: Uuid, verified: bool) -> Result<KioskSessionRow> {
        let s = store::kiosk_session(self.db(), id).await?.ok_or(Error::NotFound("kiosk session"))?;
        if s.device != device.name || s.expires_at <= Utc::now() || (verified && s.verified_at.is_none()) {
            return Err(Error::NotFound("kiosk session"));
        }
        Ok(s)
    }

    /// The identified resident's home: address, and its bills.
    pub async fn kiosk_bills(
        &self,
        device: &Client,
        id: Uuid,
    ) -> Result<(KioskSessionRow, linli_store::registry::household::HouseholdRow, Vec<BillView>)> {
        let s = self.kiosk_session(device, id, true).await?;
        let place = linli_store::registry::household::household_by_key(self.db(), &s.community_id, s.household_id)
            .await?
            .ok_or(Error::NotFound("household"))?;
        let house = house::house_of_household(self.db(), &s.community_id, s.household_id)
            .await?
            .ok_or(Error::NotFound("house"))?;
        let bills = self.bills_of(&s.community_id, house).await?;
        Ok((s, place, bills))
    }

    /// An order this kiosk placed for the identified resident, and its
    /// receipt once the provider's callback has paid it.
    pub async fn kiosk_order_state(
        &self,
        device: &Client,
        id: Uuid,
        order_no: &str,
    ) -> Result<(order::OrderRow, Option<String>)> {
        let (s, _, bills) = self.kiosk_bills(device, id).await?;
        let order =
            order::order_in(self.db(), &s.community_id, order_no.trim()).await?.ok_or(Error::NotFound("order"))?;
        if !bills.iter().any(|b| Some(b.row.id) == order.bill_id) {
            return Err(Error::NotFound("order"));
        }
        let receipt = if order.state == "paid" {
            let key = format!("order:{}", order.order_no);
            payment::payment_by_key(self.db(), &s.community_id, &key).await?.map(|p| p.receipt_no)
        } else {
            None
        };
        Ok((order, receipt))
    }

    /// An order for a bill of the identified resident's home.
    pub async fn kiosk_order(&self, device: &Client, ip: &str, id: Uuid, bill: Uuid) -> Result<order::OrderRow> {
        let (s, _, bills) = self.kiosk_bills(device, id).await?;
        if !bills.iter().any(|b| b.row.id == bill) {
            return Err(Error::NotFound("bill"));
        }
        let by = format!("kiosk:{}", device.name);
        self.place_order(&device.actor(ip), &by, &s.community_id, bill, ("kiosk", None)).await
    }
}
