//! Positions on the ground. linli keeps coordinates in WGS-84 (GPS, GeoJSON,
//! Open311) and converts to and from GCJ-02 — the offset coordinates that
//! Chinese maps and phones' map kits give — only where they come in or go
//! out. A grid's boundary is a GeoJSON polygon; a point is placed in the grid
//! whose boundary holds it.

/// A longitude and latitude, in degrees.
pub type LonLat = (f64, f64);

/// A polygon: its outer ring, then its holes (each ring closed or not).
pub type Polygon = Vec<Vec<LonLat>>;

/// Reads a stored boundary (a GeoJSON `Polygon`, alone or as a `Feature`'s
/// geometry) into rings; none for anything else.
pub fn polygon(geojson: &str) -> Option<Polygon> {
    let v: serde_json::Value = serde_json::from_str(geojson).ok()?;
    let geometry = if v["type"] == "Feature" { &v["geometry"] } else { &v };
    if geometry["type"] != "Polygon" {
        return None;
    }
    let rings = geometry["coordinates"].as_array()?;
    let out: Polygon = rings
        .iter()
        .map(|ring| {
            ring.as_array()
                .map(|points| {
                    points
                        .iter()
                        .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                        .collect::<Vec<LonLat>>()
                })
                .unwrap_or_default()
        })
        .collect();
    (!out.is_empty() && out[0].len() >= 3).then_some(out)
}

/// Whether a ring holds the point (even-odd rule; a point on an edge may go
/// either way).
fn ring_holds(ring: &[LonLat], (x, y): LonLat) -> bool {
    let mut inside = false;
    let mut j = ring.len().saturating_sub(1);
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Whether the polygon holds the point: inside its outer ring, not in a hole.
pub fn holds(polygon: &Polygon, point: LonLat) -> bool {
    match polygon.split_first() {
        Some((outer, holes)) => ring_holds(outer, point) && !holes.iter().any(|h| ring_holds(h, point)),
        None => false,
    }
}

/// The smallest box holding the polygon's outer ring: (west, south, east, north).
pub fn bounds(polygon: &Polygon) -> Option<(f64, f64, f64, f64)> {
    let outer = polygon.first()?;
    let first = *outer.first()?;
    Some(outer.iter().fold((first.0, first.1, first.0, first.1), |(w, s, e, n), (x, y)| {
        (w.min(*x), s.min(*y), e.max(*x), n.max(*y))
    }))
}

// GCJ-02 is WGS-84 moved by a published formula on the Krasovsky ellipsoid.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// Whether a point lies where GCJ-02 applies (mainland China's box).
fn in_china((lon, lat): LonLat) -> bool {
    (72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat)
}

fn shift((lon, lat): LonLat) -> LonLat {
    use std::f64::consts::PI;
    let (x, y) = (lon - 105.0, lat - 35.0);
    let mut dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    dlat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    dlon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (A / sqrt_magic * rad.cos() * PI);
    (dlon, dlat)
}

/// WGS-84 to GCJ-02 (unchanged outside China).
pub fn to_gcj02(p: LonLat) -> LonLat {
    if !in_china(p) {
        return p;
    }
    let (dlon, dlat) = shift(p);
    (p.0 + dlon, p.1 + dlat)
}

/// GCJ-02 to WGS-84, by iterating the forward formula until the point comes
/// back within a millionth of a degree (about 0.1 m).
pub fn from_gcj02(p: LonLat) -> LonLat {
    if !in_china(p) {
        return p;
    }
    let mut guess = p;
    for _ in 0..30 {
        let there = to_gcj02(guess);
        let (dx, dy) = (there.0 - p.0, there.1 - p.1);
        guess = (guess.0 - dx, guess.1 - dy);
        if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
            break;
        }
    }
    guess
}

/// How coordinates are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Datum {
    /// GPS, GeoJSON, Open311: what linli keeps.
    #[default]
    Wgs84,
    /// Chinese maps and phones' map kits.
    Gcj02,
}

impl Datum {
    /// From its name (`wgs84`, `gcj02`; any case).
    pub fn parse(text: &str) -> Option<Datum> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wgs84" | "wgs-84" | "" => Some(Datum::Wgs84),
            "gcj02" | "gcj-02" => Some(Datum::Gcj02),
            _ => None,
        }
    }

    /// A position given in this datum, as linli keeps it.
    pub fn to_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Datum::Wgs84 => p,
            Datum::Gcj02 => from_gcj02(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metres(a: LonLat, b: LonLat) -> f64 {
        let k = 111_320.0;
        (((a.0 - b.0) * k * a.1.to_radians().cos()).powi(2) + ((a.1 - b.1) * k).powi(2)).sqrt()
    }

    #[test]
    fn gcj02_moves_a_point_in_china_by_hundreds_of_metres_and_comes_back() {
        // 离石区's centre and Tiananmen.
        for wgs in [(111.1343, 37.5185), (116.391_275, 39.907_23)] {
            let gcj = to_gcj02(wgs);
            let moved = metres(wgs, gcj);
            assert!((100.0..800.0).contains(&moved), "{wgs:?} moved {moved} m");
            let back = from_gcj02(gcj);
            assert!(metres(wgs, back) < 0.05, "{wgs:?} came back to {back:?}");
        }
        // Tiananmen as published: WGS-84 (116.391275, 39.90723) is GCJ-02 (116.397520, 39.908630), within a metre.
        assert!(metres(to_gcj02((116.391_275, 39.907_23)), (116.397_52, 39.908_63)) < 5.0);
        // Outside China nothing moves.
        assert_eq!(to_gcj02((2.3522, 48.8566)), (2.3522, 48.8566));
        assert_eq!(from_gcj02((2.3522, 48.8566)), (2.3522, 48.8566));
    }

    #[test]
    fn a_point_is_in_a_polygon_but_not_in_its_hole() {
        let square =
            r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#;
        let p = polygon(square).unwrap();
        assert!(holds(&p, (1.0, 1.0)));
        assert!(!holds(&p, (5.0, 5.0)), "in the hole");
        assert!(!holds(&p, (11.0, 5.0)));
        let feature = format!(r#"{{"type":"Feature","geometry":{square},"properties":{{}}}}"#);
        assert_eq!(polygon(&feature), Some(p.clone()));
        assert_eq!(bounds(&p), Some((0.0, 0.0, 10.0, 10.0)));
        assert!(polygon(r#"{"type":"Point","coordinates":[1,2]}"#).is_none());
        assert!(polygon("not json").is_none());
        // A concave L: the notch is outside.
        let l = polygon(r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,1],[1,1],[1,4],[0,4],[0,0]]]}"#).unwrap();
        assert!(holds(&l, (0.5, 3.0)) && !holds(&l, (3.0, 3.0)));
    }

    #[test]
    fn datums_are_named_and_gcj02_is_taken_back_to_wgs84() {
        assert_eq!(Datum::parse("GCJ-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("wgs84"), Some(Datum::Wgs84));
        assert_eq!(Datum::parse("bd09"), None);
        let wgs = (111.1343, 37.5185);
        assert!(metres(Datum::Gcj02.to_wgs84(to_gcj02(wgs)), wgs) < 0.05);
    }
}
