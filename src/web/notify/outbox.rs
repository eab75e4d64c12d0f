//! The notification outbox through the API: staff read their communities'
//! messages with their delivery state; an SMS or WeChat gateway (a token of
//! scope `gateway`) takes waiting messages and confirms each one sent.

use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::access::token::Scope;
use crate::web::AppState;
use crate::web::caller::Caller;
use crate::web::error::{ErrorCode, WebError};

/// A notification in the outbox.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationJson {
    /// Identifier.
    pub id: Uuid,
    /// inbox, sms, wechat, email.
    pub channel: String,
    /// Who it is for.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The event it is about.
    pub event: Option<Uuid>,
    /// Written at.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Delivered at; null while waiting.
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<linli_store::notify::outbox::Notification> for NotificationJson {
    fn from(n: linli_store::notify::outbox::Notification) -> Self {
        NotificationJson {
            id: n.id,
            channel: n.channel,
            recipient: n.recipient,
            subject: n.subject,
            body: n.body,
            event: n.event_id,
            at: n.created_at,
            sent_at: n.sent_at,
        }
    }
}

/// The notification outbox of the caller's communities, newest first.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "events",
    responses((status = 200, body = Vec<NotificationJson>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<NotificationJson>>, WebError> {
    let user = caller.into_user()?;
    Ok(axum::Json(state.app.outbox(&user).await?.into_iter().map(Into::into).collect()))
}

fn gateway(caller: Caller) -> Result<crate::app::access::token::Client, WebError> {
    match caller {
        Caller::Client(c) if c.may(Scope::Gateway) => Ok(c),
        _ => Err(WebError::new(ErrorCode::InsufficientScope)),
    }
}

/// `?channel=sms&limit=20`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TakeQuery {
    /// sms or wechat.
    channel: String,
    /// At most this many (up to 100; 20 by default).
    limit: Option<u64>,
}

/// A message for the gateway to send.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OutgoingJson {
    /// Confirm with this id.
    pub id: Uuid,
    /// The phone number (or WeChat address) to send to.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
}

/// A gateway takes waiting messages: each is its own for 5 minutes; if not
/// confirmed by then it is offered again.
#[utoipa::path(get, path = "/api/v1/outbox/pending", tag = "events", params(TakeQuery),
    responses((status = 200, body = Vec<OutgoingJson>), (status = 403, description = "`insufficient_scope`: not a gateway token", body = crate::web::error::ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Query(q): Query<TakeQuery>,
) -> Result<axum::Json<Vec<OutgoingJson>>, WebError> {
    let gw = gateway(caller)?;
    let out = state.app.gateway_take(&gw, &peer.ip().to_string(), &q.channel, q.limit.unwrap_or(20)).await?;
    Ok(axum::Json(
        out.into_iter()
            .map(|o| OutgoingJson { id: o.note.id, to: o.to, subject: o.note.subject, body: o.note.body })
            .collect(),
    ))
}

/// What a confirmation did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    /// The message.
    pub id: Uuid,
    /// True the first time; false if it was confirmed before (safe to retry).
    pub newly_sent: bool,
}

/// A gateway confirms a message sent.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/sent", tag = "events",
    params(("id" = Uuid, Path, description = "Message id")),
    responses((status = 200, body = Confirmed)))]
pub async fn sent(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Confirmed>, WebError> {
    let gw = gateway(caller)?;
    Ok(axum::Json(Confirmed { id, newly_sent: state.app.gateway_sent(&gw, id).await? }))
}
