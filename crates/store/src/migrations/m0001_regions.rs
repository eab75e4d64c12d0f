//! The region tree (province → city → district → street → community) with
//! the national statistical division codes. A shared reference table: it has
//! no `community_id` and is replicated to every node in a distributed setup.

use sea_query::{ColumnDef, ForeignKey, Index, Query, Table};

use super::Step;
use crate::region::{Level, canonical_code};

const PROVINCES: &str = include_str!("../../data/provinces.csv");
const CITIES: &str = include_str!("../../data/cities.csv");
const AREAS: &str = include_str!("../../data/areas.csv");
const STREETS_SHANXI: &str = include_str!("../../data/streets-shanxi.csv");
const COMMUNITIES_LISHI: &str = include_str!("../../data/communities-lishi.csv");

/// Rows per INSERT: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 400;

pub(super) fn steps() -> Vec<Step> {
    let mut steps = vec![
        Step::Table(
            Table::create()
                .table("region")
                .col(ColumnDef::new("code").string_len(12).not_null().primary_key())
                .col(ColumnDef::new("parent_code").string_len(12).null())
                .col(ColumnDef::new("level").string_len(16).not_null())
                .col(ColumnDef::new("name").string().not_null())
                .col(ColumnDef::new("short_name").string().not_null())
                .foreign_key(
                    ForeignKey::create().name("fk_region_parent").from("region", "parent_code").to("region", "code"),
                )
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_region_parent").table("region").col("parent_code").col("code").to_owned()),
    ];
    // (file, level, index of the parent-code column)
    let files: [(&str, Level, Option<usize>); 5] = [
        (PROVINCES, Level::Province, None),
        (CITIES, Level::City, Some(2)),
        (AREAS, Level::District, Some(2)),
        (STREETS_SHANXI, Level::Street, Some(2)),
        (COMMUNITIES_LISHI, Level::Community, Some(2)),
    ];
    // 东莞、中山、儋州 have no districts: the county list repeats the city,
    // whose streets hang directly from it. Keep the first occurrence.
    let mut seen = std::collections::HashSet::new();
    for (text, level, parent_col) in files {
        let rows: Vec<_> = parse(text, parent_col).into_iter().filter(|r| seen.insert(r.0.clone())).collect();
        for chunk in rows.chunks(CHUNK) {
            let mut insert = Query::insert()
                .into_table("region")
                .columns(["code", "parent_code", "level", "name", "short_name"])
                .to_owned();
            for (code, parent, name) in chunk {
                insert.values_panic([
                    code.clone().into(),
                    parent.clone().into(),
                    level.as_str().into(),
                    name.clone().into(),
                    level.short_name(name).into(),
                ]);
            }
            steps.push(Step::Insert(insert));
        }
    }
    steps
}

/// Parses the division CSVs shipped with linli: `code,name,parent…`.
/// They are our own files, checked by a test, so a bad row is a build bug.
fn parse(text: &str, parent_col: Option<usize>) -> Vec<(String, Option<String>, String)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("shipped division CSV is well-formed");
            let code = canonical_code(&r[0]).expect("shipped division code is numeric");
            let parent = parent_col.map(|i| canonical_code(&r[i]).expect("shipped parent code is numeric"));
            (code, parent, r[1].trim().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_divisions_parse_and_hold_the_three_communities() {
        let rows = parse(COMMUNITIES_LISHI, Some(2));
        let find = |code: &str| rows.iter().find(|r| r.0 == code).map(|r| r.2.as_str());
        assert_eq!(find("141102001002"), Some("交通路社区居委会"));
        assert_eq!(find("141102002006"), Some("生态园社区居委会"));
        assert_eq!(find("141102003005"), Some("丽景街社区居委会"));
        assert!(rows.iter().all(|r| r.1.as_deref() == Some(&r.0[..9]).map(|s| format!("{s}000")).as_deref()));
        assert!(parse(AREAS, Some(2)).len() > 2900);
    }

    #[test]
    fn every_parent_is_seeded_before_its_children() {
        let mut inserted = 0;
        let mut seen = std::collections::HashSet::new();
        for step in steps() {
            if let Step::Insert(q) = step {
                let sql = q.to_string(sea_query::SqliteQueryBuilder);
                inserted += sql.matches("'province'").count()
                    + sql.matches("'city'").count()
                    + sql.matches("'district'").count()
                    + sql.matches("'street'").count()
                    + sql.matches("'community'").count();
            }
        }
        let files = [
            (PROVINCES, None),
            (CITIES, Some(2)),
            (AREAS, Some(2)),
            (STREETS_SHANXI, Some(2)),
            (COMMUNITIES_LISHI, Some(2)),
        ];
        for (text, parent_col) in files {
            for (code, parent, _) in parse(text, parent_col) {
                if let Some(p) = parent {
                    assert!(seen.contains(&p), "{code} comes before its parent {p}");
                }
                seen.insert(code);
            }
        }
        assert_eq!(inserted, seen.len(), "each code is inserted once");
    }
}
