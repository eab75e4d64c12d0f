//! Prepaid balances (预存款) on the web: the API and a deposit's printable
//! receipt (the counter's deposit form is the counter's).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::bills::prepaid::Deposit;
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::body::ApiJson;
use crate::web::caller::Caller;
use crate::web::error::WebError;

/// A movement of a balance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryJson {
    /// `deposit` or `spend`.
    pub kind: String,
    /// Fen.
    pub amount: i64,
    /// The bill a spend paid.
    pub bill: Option<Uuid>,
    /// cash, card (deposits) or prepaid (spends).
    pub channel: String,
    /// Its receipt.
    pub receipt_no: Option<String>,
    /// Who took it.
    pub taken_by: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A house's balance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PrepaidJson {
    /// Fen.
    pub balance: i64,
    /// Newest first.
    pub entries: Vec<EntryJson>,
}

/// A house's prepaid balance and its history (staff of its community).
#[utoipa::path(get, path = "/api/v1/communities/{code}/houses/{house}/prepaid", tag = "bills",
    params(("code" = String, Path, description = "Community code"), ("house" = Uuid, Path, description = "House id")),
    responses((status = 200, body = PrepaidJson)))]
pub async fn prepaid(
    State(state): State<AppState>,
    caller: Caller,
    Path((code, house)): Path<(String, Uuid)>,
) -> Result<axum::Json<PrepaidJson>, WebError> {
    let user = caller.into_user()?;
    let (balance, entries) = state.app.prepaid(&user, &crate::web::codes::community(&code)?, house).await?;
    Ok(axum::Json(PrepaidJson {
        balance: balance.fen(),
        entries: entries
            .into_iter()
            .map(|e| EntryJson {
                kind: e.kind,
                amount: e.amount,
                bill: e.bill_id,
                channel: e.channel,
                receipt_no: e.receipt_no,
                taken_by: e.taken_by,
                at: e.created_at,
            })
            .collect(),
    }))
}

/// Money left at the counter.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DepositJson {
    /// Yuan, up to two decimals.
    pub amount: String,
    /// `cash` or `card`.
    pub channel: String,
    /// 8–64 characters; the same key again takes nothing new.
    pub idempotency_key: String,
}

/// What a deposit did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DepositedJson {
    /// The deposit's receipt.
    pub receipt_no: String,
    /// The balance after it (and after paying owed bills from it), fen.
    pub balance: i64,
    /// Receipts of owed bills paid from it at once, oldest first.
    pub settled: Vec<String>,
    /// The key was used before: nothing new was taken.
    pub replayed: bool,
}

/// Takes a deposit for a house: its owed bills are paid from the balance at
/// once, oldest first, and new bills as they are made.
#[utoipa::path(post, path = "/api/v1/communities/{code}/houses/{house}/prepaid", tag = "bills",
    params(("code" = String, Path, description = "Community code"), ("house" = Uuid, Path, description = "House id")),
    request_body = DepositJson,
    responses((status = 201, body = DepositedJson), (status = 200, description = "The same key again", body = DepositedJson),
        (status = 400, body = crate::web::error::ErrorBody)))]
pub async fn deposit(
    State(state): State<AppState>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, house)): Path<(String, Uuid)>,
    ApiJson(d): ApiJson<DepositJson>,
) -> Result<(StatusCode, axum::Json<DepositedJson>), WebError> {
    let user = caller.into_user()?;
    let amount = super::bill::money("amount", &d.amount)?;
    let d = Deposit { community: code, house, amount, channel: d.channel, key: d.idempotency_key };
    let done = state.app.deposit(&user, &peer.ip().to_string(), d).await?;
    let status = if done.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        axum::Json(DepositedJson {
            receipt_no: done.entry.receipt_no.unwrap_or_default(),
            balance: done.balance.fen(),
            settled: done.settled,
            replayed: done.replayed,
        }),
    ))
}

#[derive(askama::Template)]
#[template(path = "deposit_receipt.html")]
pub(crate) struct DepositReceipt {
    pub shell: crate::web::shell::Shell,
    pub entry: linli_store::bills::prepaid::EntryRow,
    pub address: String,
    pub printed: super::receipt::Printed,
    pub number: String,
}

impl DepositReceipt {
    fn channel(&self) -> &'static str {
        super::bill::channel_name(self.shell.t, &self.entry.channel)
    }

    fn amount(&self) -> String {
        Fen::new(self.entry.amount).to_string()
    }

    fn when(&self) -> String {
        crate::domain::time::zone().minute(self.entry.created_at)
    }

    fn receipt_css(&self) -> &'static str {
        crate::web::assets::url("receipt.css")
    }

    fn print_js(&self) -> &'static str {
        crate::web::assets::url("print.js")
    }
}

/// The deposit receipt behind a number, if it is one the user may see.
pub(crate) async fn deposit_receipt_page(
    state: &AppState,
    v: &crate::web::caller::Visitor,
    headers: &axum::http::HeaderMap,
    number: &str,
    paper: &super::receipt::PaperQuery,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let user = v.signed_in()?;
    let (entry, address) = state.app.deposit_receipt(user, number).await?;
    let number = entry.receipt_no.clone().unwrap_or_default();
    let who = (entry.community_id.as_str(), entry.house_id, entry.taken_by.as_str());
    let printed = super::receipt::printed(state, headers, who, &number, paper).await?;
    crate::web::shell::own_page(StatusCode::OK, DepositReceipt { shell: v.shell(), entry, address, printed, number })
}
