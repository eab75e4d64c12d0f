//! Places and organisations: a grid's boundary (a GeoJSON polygon), a
//! house's use, and the unified social credit code (统一社会信用代码,
//! GB 32100) of an organisation.

/// How a house is used.
pub const HOUSE_USES: [&str; 4] = ["自住", "出租", "空置", "商铺"];

/// Kinds of organisation (实有单位).
pub const ORG_KINDS: [&str; 5] = ["商铺", "企业", "社会组织", "机关事业单位", "其他"];

/// The roles of a grid's service and governance team (八位一体).
pub const TEAM_ROLES: [&str; 8] =
    ["网格长", "专职网格员", "兼职网格员", "社区民警", "法律顾问", "党员志愿者", "楼栋长", "物业人员"];

/// Why a boundary is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadBoundary {
    /// Not JSON at all.
    #[error("不是 JSON / not JSON")]
    NotJson,
    /// JSON, but not a polygon.
    #[error("应为 GeoJSON Polygon / must be a GeoJSON Polygon")]
    NotPolygon,
    /// A polygon without rings.
    #[error("coordinates 应为至少一个环 / coordinates must hold at least one ring")]
    NoRing,
    /// A ring of fewer than four positions.
    #[error("每个环至少 4 个点且首尾相同 / each ring needs 4 positions, the last equal to the first")]
    ShortRing,
    /// A position that is not a longitude and latitude.
    #[error("坐标应为 [经度, 纬度] / positions are [longitude, latitude]")]
    Position,
    /// A ring that does not end where it starts.
    #[error("环未闭合：首尾点应相同 / a ring must end where it starts")]
    OpenRing,
}

/// Checks a grid boundary: a GeoJSON `Polygon` (alone or as a `Feature`'s
/// geometry) of closed rings of at least four `[longitude, latitude]`
/// positions. Returns the polygon as compact GeoJSON.
pub fn boundary(text: &str) -> Result<String, BadBoundary> {
    let v: serde_json::Value = serde_json::from_str(text.trim()).map_err(|_| BadBoundary::NotJson)?;
    let geometry = if v["type"] == "Feature" { &v["geometry"] } else { &v };
    if geometry["type"] != "Polygon" {
        return Err(BadBoundary::NotPolygon);
    }
    let rings = geometry["coordinates"].as_array().filter(|r| !r.is_empty()).ok_or(BadBoundary::NoRing)?;
    for ring in rings {
        let points = ring.as_array().filter(|p| p.len() >= 4).ok_or(BadBoundary::ShortRing)?;
        for p in points {
            let pair = p.as_array().filter(|a| a.len() >= 2).and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)));
            match pair {
                Some((lng, lat)) if (-180.0..=180.0).contains(&lng) && (-90.0..=90.0).contains(&lat) => {}
                _ => return Err(BadBoundary::Position),
            }
        }
        if points.first() != points.last() {
            return Err(BadBoundary::OpenRing);
        }
    }
    Ok(serde_json::json!({ "type": "Polygon", "coordinates": geometry["coordinates"] }).to_string())
}

const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Checks a unified social credit code (18 characters, GB 32100 check
/// character); returns it upper-cased.
pub fn credit_code(text: &str) -> Option<String> {
    let t = text.trim().to_ascii_uppercase();
    let b = t.as_bytes();
    if b.len() != 18 || !b.iter().all(|c| USCC_CHARS.contains(c)) {
        return None;
    }
    let value = |c: u8| USCC_CHARS.iter().position(|x| *x == c).unwrap_or(0) as u32;
    let sum: u32 = b[..17].iter().zip(USCC_WEIGHTS).map(|(c, w)| value(*c) * w).sum();
    let check = (31 - sum % 31) % 31;
    (USCC_CHARS[check as usize] == b[17]).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_closed_polygons_of_coordinates() {
        let square =
            r#"{"type":"Polygon","coordinates":[[[111.13,37.52],[111.14,37.52],[111.14,37.53],[111.13,37.52]]]}"#;
        assert!(boundary(square).is_ok());
        let feature = format!(r#"{{"type":"Feature","properties":{{}},"geometry":{square}}}"#);
        assert_eq!(boundary(&feature).unwrap(), boundary(square).unwrap());
        assert!(boundary(r#"{"type":"Point","coordinates":[1,2]}"#).is_err());
        let open = r#"{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2]]]}"#;
        assert!(boundary(open).unwrap_err().to_string().contains("闭合"));
        let far = r#"{"type":"Polygon","coordinates":[[[1,1],[200,1],[2,2],[1,1]]]}"#;
        assert!(boundary(far).is_err());
        assert!(boundary("not json").is_err());
    }

    #[test]
    fn credit_codes_carry_their_check_character() {
        // Check characters worked by hand from GB 32100's weights (3^i mod 31):
        // 91141102MA0K12345 sums to 1511 → 31 − 1511 mod 31 = 8 → 8.
        let body = "91141102MA0K12345";
        let sum: u32 = body
            .bytes()
            .zip(USCC_WEIGHTS)
            .map(|(c, w)| USCC_CHARS.iter().position(|x| *x == c).unwrap() as u32 * w)
            .sum();
        assert_eq!(sum, 1511);
        assert_eq!(credit_code("91141102ma0k123458").as_deref(), Some("91141102MA0K123458"));
        assert!(credit_code("91141102MA0K123459").is_none(), "wrong check character");
        assert!(credit_code("91141102MA0K1234").is_none(), "too short");
        assert!(credit_code("91141102MA0K1234I8").is_none(), "I is not in the alphabet");
    }
}
