//! The registry in full: a person's other facts (ID type, ethnicity,
//! political status, residency, employment), whether they still live here,
//! keys to find them by (pinyin, the last digits of ID number and phone),
//! their history, organisations (实有单位), and grid boundaries.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

/// A NOT NULL text column with a default, so existing rows get a value.
fn add(table: &'static str, column: &'static str, len: u32, default: &'static str) -> Step {
    Step::Alter(
        Table::alter()
            .table(table)
            .add_column(ColumnDef::new(column).string_len(len).not_null().default(default))
            .to_owned(),
    )
}

fn index(name: &'static str, table: &'static str, cols: &[&'static str]) -> Step {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(*c);
    }
    Step::Index(i)
}

pub(super) fn steps() -> Vec<Step> {
    vec![
        add("person", "id_type", 16, "居民身份证"),
        // GB/T 3304 code; 01 is 汉族.
        add("person", "ethnicity", 2, "01"),
        add("person", "political", 16, "群众"),
        add("person", "residency", 8, "户籍"),
        add("person", "employment", 32, ""),
        // active, moved_out or deceased: nobody is ever deleted.
        add("person", "status", 12, "active"),
        add("person", "name_pinyin", 128, ""),
        add("person", "name_initials", 32, ""),
        // The last four digits are shown in the masked forms anyway, so they
        // may be stored in clear to be searched by.
        add("person", "id_tail4", 4, ""),
        Step::Alter(
            Table::alter().table("person").add_column(ColumnDef::new("phone_tail4").string_len(4).null()).to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("person")
                .add_column(ColumnDef::new("registered_at").timestamp_with_time_zone().null())
                .to_owned(),
        ),
        // Names and pinyin are searched by prefix.
        Step::CodePointOrder("person", "name", 64),
        Step::CodePointOrder("person", "name_pinyin", 128),
        index("ix_person_name", "person", &["name"]),
        index("ix_person_pinyin", "person", &["name_pinyin"]),
        index("ix_person_initials", "person", &["name_initials"]),
        index("ix_person_id_tail", "person", &["id_tail4"]),
        index("ix_person_phone_tail", "person", &["phone_tail4"]),
        index("ix_person_phone_hash", "person", &["phone_hash"]),
        // A building's houses, a house's household: walked by address search.
        index("ix_house_building", "house", &["community_id", "building_id", "room"]),
        index("ix_household_house", "household", &["community_id", "house_id"]),
        Step::Table(
            Table::create()
                .table("person_history")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                // move_in, move_out, move, death, update
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("actor").string().not_null())
                .col(ColumnDef::new("reason").string().null())
                // JSON: {"before": {...}, "after": {...}}, personal values masked.
                .col(ColumnDef::new("detail").text().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_person_history_person", "person_history", &["community_id", "person_id"]),
        Step::Table(
            Table::create()
                .table("organisation")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(18).not_null())
                .col(ColumnDef::new("building_id").uuid().null())
                .col(ColumnDef::new("name").string().not_null())
                // 商铺, 企业, 社会组织, 机关事业单位, 其他
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("address").string().not_null())
                .col(ColumnDef::new("contact_name").string().not_null())
                .col(ColumnDef::new("contact_phone").string_len(20).not_null())
                // 统一社会信用代码 (GB 32100), or empty for a stall without one.
                .col(ColumnDef::new("licence").string_len(18).not_null())
                .col(ColumnDef::new("status").string_len(12).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_organisation_grid", "organisation", &["grid_code"]),
        // A grid's boundary as a GeoJSON polygon, when staff draw one.
        Step::Alter(Table::alter().table("region").add_column(ColumnDef::new("boundary").text().null()).to_owned()),
    ]
}
