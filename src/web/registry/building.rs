//! The buildings' QR sheet and the page each code opens.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use crate::app::registry::building::BuildingPage;
use crate::domain::registry::region::CommunityCode;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::error::{ErrorCode, WebError};
use crate::web::shell::Shell;

/// An inline SVG QR code for a text (no XML prolog, no style attributes).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build();
    Some(svg.split_once("?>").map_or(svg.clone(), |(_, rest)| rest.to_owned()))
}

/// One building on the sheet.
pub struct SheetItem {
    name: String,
    grid: String,
    url: String,
    svg: String,
}

#[derive(Template)]
#[template(path = "qr_sheet.html")]
struct SheetPage {
    shell: Shell,
    community: String,
    items: Vec<SheetItem>,
}

/// `GET /regions/{community}/qr`: a printable sheet of every building's QR code.
pub async fn sheet(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(community): Path<String>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let community = crate::web::codes::community(&community)?;
    let cards = state.app.building_cards(user, &community).await?;
    let base = state.edge.base_url(&headers);
    let mut grids: Vec<String> = cards.iter().map(|c| c.grid_code.clone()).collect();
    grids.dedup();
    let names = state.app.short_names(&grids).await?;
    let items = cards
        .into_iter()
        .map(|c| {
            let url = format!("{base}/b/{}/{}", c.community_id, c.qr_token);
            // The grid by name, with its code for the printer's checks.
            let grid = match names.get(&c.grid_code) {
                Some(name) => format!("{name}（{}）", c.grid_code),
                None => c.grid_code,
            };
            SheetItem { svg: qr_svg(&url).unwrap_or_default(), name: c.name, grid, url }
        })
        .collect();
    let name = state.app.region_name(&community.region()).await?.unwrap_or_default();
    let page = SheetPage { shell: v.shell(), community: name, items };
    Ok(Html(page.render().map_err(|_| WebError::new(ErrorCode::Internal))?).into_response())
}

#[derive(Template)]
#[template(path = "building.html")]
struct PublicPage {
    shell: Shell,
    b: BuildingPage,
}

/// `GET /b/{community}/{token}`: what a building's QR code opens; no sign-in.
pub async fn public(
    State(state): State<AppState>,
    v: Visitor,
    Path((community, token)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let community = CommunityCode::parse(&community).ok().filter(|_| token.len() <= 64);
    let community = community.ok_or_else(|| WebError::new(ErrorCode::NotFound))?;
    let b = state.app.building_page(&community, &token).await?;
    Ok(Html(PublicPage { shell: v.shell(), b }.render().map_err(|_| WebError::new(ErrorCode::Internal))?)
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_inline_svg_without_styles() {
        let svg = qr_svg("http://127.0.0.1:8080/b/141102001002/abc").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style") && !svg.contains("<?xml"));
    }
}
