//! The registry's core (一标三实): buildings, houses, households and people.
//! Every table carries `community_id` in its primary key, ready to be
//! distributed by community.

use sea_query::{ColumnDef, ForeignKey, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        // Grids (15 digits) and sub-grids (18) join the region tree.
        Step::Widen("region", "code", 18),
        Step::Widen("region", "parent_code", 18),
        Step::Widen("role_grant", "region_code", 18),
        Step::Widen("api_token", "region_code", 18),
        Step::Table(
            Table::create()
                .table("building")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(18).not_null())
                .col(ColumnDef::new("name").string().not_null())
                .col(ColumnDef::new("qr_token").string_len(32).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create().name("fk_building_grid").from("building", "grid_code").to("region", "code"),
                )
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_building_grid").table("building").col("grid_code").to_owned()),
        Step::Index(
            Index::create()
                .name("ux_building_qr")
                .table("building")
                .col("community_id")
                .col("qr_token")
                .unique()
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("house")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("building_id").uuid().not_null())
                .col(ColumnDef::new("unit").string_len(16).not_null())
                .col(ColumnDef::new("room").string_len(16).not_null())
                // Area in hundredths of a square metre: no floating point.
                .col(ColumnDef::new("area_cm2x100").big_integer().not_null())
                .col(ColumnDef::new("house_use").string_len(16).not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_house_building")
                        .from("house", ("community_id", "building_id"))
                        .to("building", ("community_id", "id")),
                )
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("household")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_household_house")
                        .from("household", ("community_id", "house_id"))
                        .to("house", ("community_id", "id")),
                )
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("person")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("name").string().not_null())
                // ID number and phone: sealed, found by keyed hash; never in clear.
                .col(ColumnDef::new("id_sealed").string().not_null())
                .col(ColumnDef::new("id_hash").string_len(64).not_null())
                .col(ColumnDef::new("id_masked").string_len(24).not_null())
                .col(ColumnDef::new("birth_date").date().not_null())
                .col(ColumnDef::new("sex").string_len(8).not_null())
                .col(ColumnDef::new("phone_sealed").string().null())
                .col(ColumnDef::new("phone_hash").string_len(64).null())
                .col(ColumnDef::new("relation").string_len(16).not_null())
                .col(ColumnDef::new("tags").string().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_person_household")
                        .from("person", ("community_id", "household_id"))
                        .to("household", ("community_id", "id")),
                )
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_person_household")
                .table("person")
                .col("community_id")
                .col("household_id")
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_person_id_hash").table("person").col("id_hash").to_owned()),
    ]
}
