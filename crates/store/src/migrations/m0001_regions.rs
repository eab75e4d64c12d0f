//! The region tree (province → city → district → street → community) with
//! the national statistical division codes. A shared reference table: it has
//! no `community_id` and is replicated to every node in a distributed setup.

use sea_query::{ColumnDef, ForeignKey, Index, Query, Table};

use super::Step;
use crate::registry::region::read_divisions;

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
    // Our own files, checked by the tests below: a bad row is a build bug.
    let mut seen = std::collections::HashSet::new();
    for text in [PROVINCES, CITIES, AREAS, STREETS_SHANXI, COMMUNITIES_LISHI] {
        let (level, rows) = read_divisions(text).expect("shipped division CSV is well-formed");
        let rows: Vec<_> = rows.into_iter().filter(|r| seen.insert(r.code.clone())).collect();
        for chunk in rows.chunks(CHUNK) {
            let mut insert = Query::insert()
                .into_table("region")
                .columns(["code", "parent_code", "level", "name", "short_name"])
                .to_owned();
            for d in chunk {
                insert.values_panic([
                    d.code.clone().into(),
                    d.parent.clone().into(),
                    level.as_str().into(),
                    d.name.clone().into(),
                    level.short_name(&d.name).into(),
                ]);
            }
            steps.push(Step::Insert(insert));
        }
    }
    steps
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_divisions_parse_and_hold_the_three_communities() {
        let (level, rows) = read_divisions(COMMUNITIES_LISHI).unwrap();
        assert_eq!(level, crate::registry::region::Level::Community);
        let find = |code: &str| rows.iter().find(|r| r.code == code).map(|r| r.name.as_str());
        assert_eq!(find("141102001002"), Some("交通路社区居委会"));
        assert_eq!(find("141102002006"), Some("生态园社区居委会"));
        assert_eq!(find("141102003005"), Some("丽景街社区居委会"));
        assert!(rows.iter().all(|r| r.parent.as_deref() == Some(format!("{}000", &r.code[..9]).as_str())));
        assert!(read_divisions(AREAS).unwrap().1.len() > 2900);
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
        for text in [PROVINCES, CITIES, AREAS, STREETS_SHANXI, COMMUNITIES_LISHI] {
            for d in read_divisions(text).unwrap().1 {
                if let Some(p) = d.parent {
                    assert!(seen.contains(&p), "{} comes before its parent {p}", d.code);
                }
                seen.insert(d.code);
            }
        }
        assert_eq!(inserted, seen.len(), "each code is inserted once");
    }
}
