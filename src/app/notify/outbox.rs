//! Delivering the outbox. In-app messages are delivered by being written;
//! e-mail goes out through the SMTP relay from the serving process; SMS and
//! WeChat messages wait for the operator's gateway, which takes them with a
//! `gateway` token and confirms each. Every message is claimed before it is
//! sent and marked sent once, so none goes out twice — not after a restart,
//! not with two servers, not with two gateways.

use chrono::{DateTime, Utc};
use linli_store::events::event;
use linli_store::notify::outbox::{self as store, Notification};

use crate::app::access::token::Client;
use crate::app::notify::mail::Mailer;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};

/// How long a claim holds before another sender may try the message.
const LEASE_MINUTES: i64 = 5;

/// A message as a gateway takes it: where to, and what.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The message.
    pub note: Notification,
    /// The phone number or address it goes to.
    pub to: String,
}

/// Only an SMS or WeChat gateway takes messages this way.
pub const GATEWAY_CHANNELS: [&str; 2] = ["sms", "wechat"];

impl App {
    /// The reporter's phone or e-mail for a message to `reporter:<code>`.
    async fn address_of(&self, note: &Notification) -> Result<Option<String>> {
        if let Some(code) = note.recipient.strip_prefix("applicant:") {
            let row = linli_store::services::service::by_code(self.db(), code).await?;
            return Ok(row.and_then(|r| self.open_sealed(&r.phone_sealed)));
        }
        if let Some((community, id)) = note.recipient.strip_prefix("person:").and_then(|k| k.split_once(':')) {
            let Ok(id) = id.parse() else { return Ok(None) };
            let sealed = linli_store::registry::person::person_phone(self.db(), community, id).await?;
            return Ok(sealed.and_then(|s| self.open_sealed(&s)));
        }
        if let Some(id) = note.recipient.strip_prefix("produce:") {
            let Ok(id) = id.parse() else { return Ok(None) };
            let row = linli_store::centre::produce::order(self.db(), id).await?;
            return Ok(row
                .filter(|o| o.community_id == note.community_id)
                .and_then(|o| self.open_sealed(&o.phone_sealed)));
        }
        if let Some((community, id)) = note.recipient.strip_prefix("daycare_contact:").and_then(|k| k.split_once(':')) {
            let Ok(id) = id.parse() else { return Ok(None) };
            let row = linli_store::centre::daycare::contact(self.db(), community, id).await?;
            return Ok(row
                .filter(|c| c.community_id == note.community_id)
                .and_then(|c| self.open_sealed(&c.phone_sealed)));
        }
        if let Some(id) = note.recipient.strip_prefix("kiosk:") {
            let Ok(id) = id.parse() else { return Ok(None) };
            let row = linli_store::bills::kiosk::kiosk_session_in(self.db(), &note.community_id, id).await?;
            return Ok(row.and_then(|r| r.phone_sealed).and_then(|s| self.open_sealed(&s)));
        }
        if let Some((community, id)) = note.recipient.strip_prefix("appointment:").and_then(|k| k.split_once(':')) {
            let Ok(id) = id.parse() else { return Ok(None) };
            let row = linli_store::services::visit::appointment_by_key(self.db(), community, id).await?;
            return Ok(row.and_then(|r| self.open_sealed(&r.phone_sealed)));
        }
        let Some(code) = note.recipient.strip_prefix("reporter:") else { return Ok(None) };
        let Some(event) = event::by_code(self.db(), code).await? else { return Ok(None) };
        let sealed = if note.channel == "email" { event.reporter_email_sealed } else { event.reporter_phone_sealed };
        Ok(sealed.and_then(|s| self.open_sealed(&s)))
    }

    /// Sends what e-mail is waiting, through the relay; returns how many went.
    pub async fn deliver_mail(&self, mailer: &Mailer, now: DateTime<Utc>) -> Result<usize> {
        let lease = chrono::Duration::minutes(LEASE_MINUTES);
        let mut sent = 0;
        for note in store::claim_pending(self.db(), &["email"], &[String::new()], now, lease, 50).await? {
            let Some(to) = self.address_of(&note).await? else {
                store::release(self.db(), note.id, "no address").await?;
                continue;
            };
            match mailer.send(&to, &note.subject, &note.body).await {
                Ok(()) => {
                    store::mark_sent(self.db(), note.id, &["email"], &[String::new()], Utc::now()).await?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(error = %e, id = %note.id, "mail not sent");
                    store::release(self.db(), note.id, &e.to_string()).await?;
                }
            }
        }
        Ok(sent)
    }

    /// A gateway takes up to `limit` waiting messages of a channel in its
    /// region; they are its own until it confirms them or the lease runs out.
    /// The numbers it is given are shown in full: each take is audited.
    pub async fn gateway_take(&self, gateway: &Client, ip: &str, channel: &str, limit: u64) -> Result<Vec<Outgoing>> {
        if !GATEWAY_CHANNELS.contains(&channel) {
            return Err(Error::invalid("channel", Reason::GatewayChannel));
        }
        let prefixes = vec![gateway.region.prefix().to_owned()];
        let lease = chrono::Duration::minutes(LEASE_MINUTES);
        let mut out = Vec::new();
        for note in store::claim_pending(self.db(), &[channel], &prefixes, Utc::now(), lease, limit.min(100)).await? {
            match self.address_of(&note).await? {
                Some(to) => out.push(Outgoing { note, to }),
                None => store::release(self.db(), note.id, "no address").await?,
            }
        }
        if !out.is_empty() {
            let ids: Vec<String> = out.iter().map(|o| o.note.id.to_string()).collect();
            let mut tx = self.db().begin().await?;
            crate::app::access::audit::record(
                &mut tx,
                &gateway.actor(ip),
                "outbox.take",
                channel,
                serde_json::json!({ "ids": ids }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(out)
    }

    /// A gateway confirms a message went out; false if it was confirmed before.
    pub async fn gateway_sent(&self, gateway: &Client, id: uuid::Uuid) -> Result<bool> {
        let prefixes = vec![gateway.region.prefix().to_owned()];
        Ok(store::mark_sent(self.db(), id, &GATEWAY_CHANNELS, &prefixes, Utc::now()).await?)
    }
}
