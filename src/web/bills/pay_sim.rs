//! The local payment provider's pages (`/pay-sim/`): the demo's and the
//! tests' stand-in for a real provider's checkout, which sends linli the
//! signed callback a real one would.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::error::{ErrorCode, WebError};

#[derive(askama::Template)]
#[template(path = "pay_sim.html")]
struct SimPage {
    shell: crate::web::shell::Shell,
    order: linli_store::bills::order::OrderRow,
    receipt: Option<String>,
    /// Where the payer returns after paying (a kiosk's receipt page).
    back: String,
    /// Charged with the callback held back (to try reconciliation).
    lost: bool,
}

/// `?back=`: a local page to return to after paying, the receipt number appended.
#[derive(Debug, Default, Deserialize)]
pub struct BackQuery {
    #[serde(default)]
    back: String,
}

impl BackQuery {
    /// Only linli's own kiosk pages: never another site.
    fn local(&self) -> String {
        let b = self.back.trim();
        if b.starts_with("/kiosk/") && !b.contains("//") && !b.contains('\\') { b.to_owned() } else { String::new() }
    }
}

impl SimPage {
    fn amount(&self) -> String {
        Fen::new(self.order.amount).to_string()
    }
}

/// An order placed at the kiosk is paid on the kiosk's screen: its chrome,
/// never the staff site's.
fn shell_for(v: &crate::web::caller::Visitor, order: &linli_store::bills::order::OrderRow) -> crate::web::shell::Shell {
    if order.channel == "kiosk" { v.shell().in_kiosk() } else { v.shell() }
}

/// `GET /pay-sim/{order}`: the local provider's payment page.
pub async fn sim_page(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(order): Path<String>,
    axum::extract::Query(q): axum::extract::Query<BackQuery>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    state.app.provider("sim").ok_or(WebError::new(ErrorCode::NotFound))?;
    let order = state.app.order(&order).await?;
    crate::web::shell::own_page(
        StatusCode::OK,
        SimPage { shell: shell_for(&v, &order), order, receipt: None, back: q.local(), lost: false },
    )
}

/// The simulator's form: `lose` holds the callback back.
#[derive(Debug, Default, Deserialize)]
pub struct SimForm {
    #[serde(default, deserialize_with = "crate::web::form::checkbox")]
    lose: bool,
}

/// `POST /pay-sim/{order}`: the payer confirms; the local provider sends its
/// signed callback to linli, as a real one would.
pub async fn sim_confirm(
    State(state): State<AppState>,
    v: crate::web::caller::Visitor,
    Path(order): Path<String>,
    axum::extract::Query(q): axum::extract::Query<BackQuery>,
    axum::Form(f): axum::Form<SimForm>,
) -> Result<axum::response::Response, crate::web::caller::Refusal> {
    let (body, signature) = state.app.sim_pay(&order).await?;
    if f.lose {
        // The provider charged; its callback never reaches linli.
        let order = state.app.order(&order).await?;
        let page = SimPage { shell: shell_for(&v, &order), order, receipt: None, back: String::new(), lost: true };
        return crate::web::shell::own_page(StatusCode::OK, page);
    }
    let paid = state.app.payment_callback("sim", &body, &signature).await?;
    // A produce order's buyer goes back to the order, its pickup code now valid.
    if let crate::app::bills::pay::Settled::Produce { order, .. } = &paid {
        return Ok(axum::response::Redirect::to(&format!("/produce/orders/{}", order.order.token)).into_response());
    }
    let back = q.local();
    if !back.is_empty() {
        return Ok(axum::response::Redirect::to(&format!("{back}/{}", paid.reference())).into_response());
    }
    let order = state.app.order(&order).await?;
    let shell = shell_for(&v, &order);
    let page = SimPage { shell, order, receipt: Some(paid.reference()), back, lost: false };
    crate::web::shell::own_page(StatusCode::OK, page)
}
