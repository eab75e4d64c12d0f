//! Printed receipts (收据) and checking them: a counter receipt names the
//! house, the payer, the issuing service centre and the cashier, carries a
//! QR code of its public check, and prints on an 80 mm slip printer or on A4
//! (`?paper=80mm|a4`). The check page is public and shows only whether a
//! receipt is real, its amount and its day.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use super::bill::channel_name;
use crate::app::bills::bill::BillView;
use crate::app::bills::receipt::{Checked, ReceiptParty};
use crate::domain::money::Fen;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};

/// What every printed receipt carries beside its money.
pub(crate) struct Printed {
    /// Whose it is.
    pub party: ReceiptParty,
    /// The check code printed with it.
    pub check_code: String,
    /// Its check page's address (the QR code's).
    pub check_url: String,
    /// The QR code, inline SVG.
    pub qr: String,
    /// `80mm` or `a4`.
    pub paper: &'static str,
}

/// `?paper=80mm|a4`.
#[derive(Debug, Default, Deserialize)]
pub struct PaperQuery {
    #[serde(default)]
    paper: String,
}

impl PaperQuery {
    fn paper(&self) -> &'static str {
        if self.paper == "80mm" { "80mm" } else { "a4" }
    }
}

/// The printed parts of receipt `number` of a house.
pub(crate) async fn printed(
    state: &AppState,
    headers: &HeaderMap,
    (community, house, taken_by): (&str, uuid::Uuid, &str),
    number: &str,
    paper: &PaperQuery,
) -> Result<Printed, Refusal> {
    let party = state.app.receipt_party(community, house, taken_by).await?;
    let check_code = state.app.receipt_check_code(number);
    let query = serde_urlencoded::to_string([("no", number), ("code", check_code.as_str())]).unwrap_or_default();
    let check_url = format!("{}/verify/receipt?{query}", state.edge.base_url(headers));
    let qr = crate::web::registry::building::qr_svg(&check_url).unwrap_or_default();
    Ok(Printed { party, check_code, check_url, qr, paper: paper.paper() })
}

#[derive(askama::Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    shell: crate::web::shell::Shell,
    payment: linli_store::bills::payment::PaymentRow,
    bill: BillView,
    printed: Printed,
}

impl ReceiptPage {
    fn channel(&self) -> &'static str {
        channel_name(self.shell.t, &self.payment.channel)
    }

    fn fen(&self, f: &i64) -> String {
        Fen::new(*f).to_string()
    }

    fn when(&self) -> String {
        crate::domain::time::zone().minute(self.payment.created_at)
    }

    fn receipt_css(&self) -> &'static str {
        crate::web::assets::url("receipt.css")
    }

    fn print_js(&self) -> &'static str {
        crate::web::assets::url("print.js")
    }
}

/// `GET /receipts/{number}?paper=80mm|a4`: a printable receipt (staff of
/// its community, or the resident whose home it is).
pub async fn receipt(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(paper): Query<PaperQuery>,
) -> Result<axum::response::Response, Refusal> {
    let user = v.signed_in()?;
    // Staff see their community's receipts; a resident sees their own.
    let found = if user.account.is_staff() {
        state.app.receipt(user, &number).await
    } else {
        state.app.my_receipt(user, &number).await
    };
    let (payment, bill) = match found {
        Ok(found) => found,
        // Not a bill's payment: perhaps a prepaid deposit.
        Err(crate::app::Error::NotFound(_) | crate::app::Error::RegionNotFound) => {
            return super::prepaid::deposit_receipt_page(&state, &v, &headers, &number, &paper).await;
        }
        Err(e) => return Err(e.into()),
    };
    let who = (payment.community_id.as_str(), payment.house_id, payment.taken_by.as_str());
    let printed = printed(&state, &headers, who, &payment.receipt_no, &paper).await?;
    crate::web::shell::own_page(StatusCode::OK, ReceiptPage { shell: v.shell(), payment, bill, printed })
}

#[derive(askama::Template)]
#[template(path = "receipt_check.html")]
struct CheckPage {
    shell: crate::web::shell::Shell,
    no: String,
    code: String,
    /// Asked, and the answer: found or not.
    answer: Option<Option<Checked>>,
    too_many: bool,
}

/// `?no=&code=`.
#[derive(Debug, Default, Deserialize)]
pub struct CheckQuery {
    #[serde(default)]
    no: String,
    #[serde(default)]
    code: String,
}

/// `GET /verify/receipt?no=&code=`: anyone checks a receipt — real or not,
/// its amount and day, nothing personal.
pub async fn check(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<CheckQuery>,
) -> Result<axum::response::Response, Refusal> {
    let no: String = q.no.trim().chars().take(40).collect();
    let code: String = q.code.trim().chars().take(40).collect();
    let (status, answer, too_many) = if no.is_empty() && code.is_empty() {
        (StatusCode::OK, None, false)
    } else {
        match state.app.check_receipt(&v.ip, &no, &code).await {
            Ok(Some(found)) => (StatusCode::OK, Some(Some(found)), false),
            Ok(None) => (StatusCode::NOT_FOUND, Some(None), false),
            Err(crate::app::Error::TooMany) => (StatusCode::TOO_MANY_REQUESTS, None, true),
            Err(e) => return Err(e.into()),
        }
    };
    crate::web::shell::own_page(status, CheckPage { shell: v.shell(), no, code, answer, too_many })
}
