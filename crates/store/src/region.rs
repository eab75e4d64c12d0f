//! Regions: the statistical division tree that every community hangs from.

use sea_query::{Expr, ExprTrait, Order, Query};

use crate::{Db, Result, Row};

/// The depth of a region in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 省 province.
    Province,
    /// 市 prefecture-level city.
    City,
    /// 区/县 county-level district.
    District,
    /// 街道/乡镇 street or township.
    Street,
    /// 社区/村 community or village.
    Community,
    /// 三级网格: a grid of a community (community code + 3 digits).
    Grid,
    /// 四级网格: a sub-grid (grid code + 3 digits).
    SubGrid,
}

impl Level {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::District => "district",
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
            Level::SubGrid => "subgrid",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Level> {
        [Level::Province, Level::City, Level::District, Level::Street, Level::Community, Level::Grid, Level::SubGrid]
            .into_iter()
            .find(|l| l.as_str() == s)
    }

    /// The everyday name: communities drop the committee suffix
    /// (交通路社区居委会 → 交通路社区).
    pub fn short_name(self, name: &str) -> String {
        match self {
            Level::Community => {
                name.strip_suffix("居委会").or_else(|| name.strip_suffix("委会")).unwrap_or(name).to_owned()
            }
            _ => name.to_owned(),
        }
    }
}

/// Pads a 2-, 4-, 6-, 9- or 12-digit division code to the canonical 12
/// digits; grid (15) and sub-grid (18) codes stay as they are.
pub fn canonical_code(code: &str) -> Option<String> {
    let code = code.trim();
    if !matches!(code.len(), 2 | 4 | 6 | 9 | 12 | 15 | 18) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(if code.len() > 12 { code.to_owned() } else { format!("{code:0<12}") })
}

/// Adds a grid or sub-grid under a community or grid.
pub async fn insert_grid(tx: &mut crate::Tx, code: &str, parent: &str, level: Level, name: &str) -> Result<()> {
    let q = Query::insert()
        .into_table("region")
        .columns(COLUMNS)
        .values_panic([code.into(), parent.into(), level.as_str().into(), name.into(), name.into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// A region as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRow {
    /// 12-digit statistical code.
    pub code: String,
    /// The parent's code; `None` for provinces.
    pub parent_code: Option<String>,
    /// Depth in the tree.
    pub level: Level,
    /// Official name.
    pub name: String,
    /// Everyday name.
    pub short_name: String,
}

const COLUMNS: [&str; 5] = ["code", "parent_code", "level", "name", "short_name"];

fn from_row(r: &Row) -> Result<RegionRow> {
    let level: String = r.get("level")?;
    Ok(RegionRow {
        code: r.get("code")?,
        parent_code: r.get("parent_code")?,
        level: Level::parse(&level)
            .ok_or_else(|| crate::Error::Decode { column: "level".into(), reason: format!("unknown level {level}") })?,
        name: r.get("name")?,
        short_name: r.get("short_name")?,
    })
}

/// One region by code.
pub async fn get(db: &Db, code: &str) -> Result<Option<RegionRow>> {
    let q = Query::select().columns(COLUMNS).from("region").and_where(Expr::col("code").eq(code)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(from_row).transpose()
}

/// Several regions by code, in code order; unknown codes are absent.
pub async fn get_many(db: &Db, codes: &[&str]) -> Result<Vec<RegionRow>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(COLUMNS)
        .from("region")
        .and_where(Expr::col("code").is_in(codes.iter().copied()))
        .order_by("code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(from_row).collect()
}

/// The direct children of a region, in code order.
pub async fn children(db: &Db, code: &str) -> Result<Vec<RegionRow>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("region")
        .and_where(Expr::col("parent_code").eq(code))
        .order_by("code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(from_row).collect()
}

/// The grids and sub-grids whose codes start with one of `prefixes`, or
/// that contain one (a grid worker's own grid), in code order.
pub async fn grids_in(db: &Db, prefixes: &[String]) -> Result<Vec<RegionRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = prefixes.iter().fold(sea_query::Cond::any(), |c, p| {
        // Prefixes are checked digits: LIKE needs no escaping.
        c.add(Expr::col("code").like(sea_query::LikeExpr::new(format!("{p}%"))))
    });
    let q = Query::select()
        .columns(COLUMNS)
        .from("region")
        .cond_where(scope)
        .and_where(Expr::col("level").is_in([Level::Grid.as_str(), Level::SubGrid.as_str()]))
        .order_by("code", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(from_row).collect()
}

/// The chain from the province down to the region itself; empty if the
/// region does not exist. Codes carry their ancestors' codes as prefixes, so
/// one query fetches the whole chain; a parent outside that pattern is
/// fetched on its own.
pub async fn ancestry(db: &Db, code: &str) -> Result<Vec<RegionRow>> {
    let candidates = prefix_codes(code);
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let found = get_many(db, &refs).await?;
    let mut chain = Vec::new();
    let mut next = Some(code.to_owned());
    while let Some(c) = next {
        let row = match found.iter().find(|r| r.code == c) {
            Some(r) => r.clone(),
            None => match get(db, &c).await? {
                Some(r) => r,
                None => break,
            },
        };
        next = row.parent_code.clone();
        chain.push(row);
    }
    chain.reverse();
    Ok(chain)
}

/// The code and the codes its ancestors would have: 2, 4, 6 and 9 digits
/// padded to 12.
fn prefix_codes(code: &str) -> Vec<String> {
    let mut out: Vec<String> = [2, 4, 6, 9, 12, 15]
        .iter()
        .filter(|&&n| n < code.len())
        .map(|&n| if n > 9 { code[..n].to_owned() } else { format!("{:0<12}", &code[..n]) })
        .collect();
    out.push(code.to_owned());
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_pad_to_twelve_digits() {
        assert_eq!(canonical_code("14").as_deref(), Some("140000000000"));
        assert_eq!(canonical_code("141102001").as_deref(), Some("141102001000"));
        assert_eq!(canonical_code(" 141102002006 ").as_deref(), Some("141102002006"));
        assert_eq!(canonical_code("1411020"), None);
        assert_eq!(canonical_code("14a1"), None);
    }

    #[test]
    fn prefixes_name_every_ancestor_once() {
        assert_eq!(
            prefix_codes("141102002006"),
            ["140000000000", "141100000000", "141102000000", "141102002000", "141102002006"]
        );
        assert_eq!(prefix_codes("140000000000"), ["140000000000"]);
    }

    #[test]
    fn community_short_names_drop_the_committee() {
        assert_eq!(Level::Community.short_name("生态园社区居委会"), "生态园社区");
        assert_eq!(Level::Community.short_name("大中局村委会"), "大中局村");
        assert_eq!(Level::Street.short_name("凤山街道"), "凤山街道");
    }
}
