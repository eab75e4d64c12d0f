//! Region, community and grid codes parsed where they come in (a path, a
//! query, a form), so that the app takes them typed. One that does not parse
//! is refused here, never deeper: a 400 with a stable code, worded in the
//! request's language.

use crate::app::refusal::Reason;
use crate::domain::registry::region::{CommunityCode, GridCode, RegionCode};
use crate::web::error::{ErrorCode, WebError};

/// A region code (any level, grids included): `invalid_region_code`.
pub fn region(field: &'static str, text: &str) -> Result<RegionCode, WebError> {
    RegionCode::parse(text).map_err(|e| WebError {
        code: ErrorCode::InvalidRegionCode,
        field: Some(field),
        detail: Some(format!("{text:?}: {e}")),
        reason: None,
    })
}

/// A community's 12-digit code: `invalid_region_code`, saying "choose the
/// community" by the field.
pub fn community(text: &str) -> Result<CommunityCode, WebError> {
    CommunityCode::parse(text).map_err(|_| WebError {
        code: ErrorCode::InvalidRegionCode,
        field: Some("community"),
        detail: None,
        reason: Some(Reason::ChooseCommunity),
    })
}

/// A community's code where one may be left out (empty text is none).
pub fn community_if_given(text: &str) -> Result<Option<CommunityCode>, WebError> {
    if text.trim().is_empty() { Ok(None) } else { community(text).map(Some) }
}

/// A grid's (or sub-grid's) code; empty text is no grid. One that does not
/// parse is refused as the app refuses a grid outside the community
/// (网格代码应以社区代码开头), so that a page says why by the field.
pub fn grid(text: Option<&str>) -> Result<Option<GridCode>, crate::app::Error> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => {
            GridCode::parse(t).map(Some).map_err(|_| crate::app::Error::invalid("grid", Reason::GridOutsideCommunity))
        }
    }
}

/// A list's or an export's region filter; empty text is no filter. One
/// that is not a code is refused by `field` as the app refuses a code it
/// does not filter by there (`refused`: 网格代码应为数字, …).
pub fn filter(
    field: &'static str,
    text: Option<&str>,
    refused: Reason,
) -> Result<Option<RegionCode>, crate::app::Error> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => RegionCode::parse(t).map(Some).map_err(|_| crate::app::Error::invalid(field, refused)),
    }
}

/// A list's or an export's grid filter (a community, or a grid in one).
pub fn grid_filter(text: Option<&str>) -> Result<Option<RegionCode>, crate::app::Error> {
    filter("grid", text, Reason::GridDigits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_codes_are_refused_with_a_stable_code_and_the_field() {
        let e = community("14110200100").unwrap_err();
        assert_eq!(
            (e.code, e.field, e.code.as_str()),
            (ErrorCode::InvalidRegionCode, Some("community"), "invalid_region_code")
        );
        assert_eq!(e.code.status(), axum::http::StatusCode::BAD_REQUEST);
        assert!(matches!(e.reason, Some(Reason::ChooseCommunity)));
        assert_eq!(community("１４１１０２００１００２").unwrap().as_str(), "141102001002");
        assert_eq!(grid(Some("  ")).unwrap(), None);
        assert_eq!(community_if_given(" ").unwrap(), None);
        assert_eq!(community_if_given("141102001002").unwrap().unwrap().as_str(), "141102001002");
        assert_eq!(community_if_given("141102").unwrap_err().code, ErrorCode::InvalidRegionCode);
        assert_eq!(grid(Some("141102001002001")).unwrap().unwrap().as_str(), "141102001002001");
        assert!(matches!(
            grid(Some("14110200100200%")),
            Err(crate::app::Error::Invalid { field: "grid", reason: Reason::GridOutsideCommunity })
        ));
        assert_eq!(region("code", "141102").unwrap().as_str(), "141102000000");
        assert_eq!(region("code", "1411").unwrap().as_str(), "141100000000");
        assert_eq!(region("code", "14110").unwrap_err().code, ErrorCode::InvalidRegionCode);
        assert_eq!(grid_filter(Some(" ")).unwrap(), None);
        assert_eq!(grid_filter(Some("141102001002001")).unwrap().unwrap().as_str(), "141102001002001");
        assert!(matches!(
            grid_filter(Some("14110200100200%")),
            Err(crate::app::Error::Invalid { field: "grid", reason: Reason::GridDigits })
        ));
    }
}
