//! Notices (通知公告): what staff publish to a region, some of its grids or
//! the people carrying a tag, and for each household it reached whether it
//! has been read (online, or told in person by its grid worker).

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("notice")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                // The region it is published in (12 digits) and its
                // significant prefix, which what it reaches starts with.
                .col(ColumnDef::new("region_code").string_len(12).not_null())
                .col(ColumnDef::new("region_prefix").string_len(12).not_null())
                // Comma-separated grid codes it is limited to; empty: the whole region.
                .col(ColumnDef::new("grids").text().not_null())
                .col(ColumnDef::new("tag").string_len(64).null())
                .col(ColumnDef::new("title").string_len(240).not_null())
                .col(ColumnDef::new("body").text().not_null())
                // Shown to anyone on the community's page, not only those it reaches.
                .col(ColumnDef::new("public").boolean().not_null())
                .col(ColumnDef::new("pinned").boolean().not_null())
                .col(ColumnDef::new("publish_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("withdrawn_at").timestamp_with_time_zone().null())
                // What it reached when published.
                .col(ColumnDef::new("households").big_integer().not_null())
                .col(ColumnDef::new("people").big_integer().not_null())
                // Who wrote it, as people know them.
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        Step::CodePointOrder("notice", "region_prefix", 12),
        index("ix_notice_region", "notice", &["region_prefix", "publish_at"], false),
        Step::Table(
            Table::create()
                .table("notice_receipt")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("notice_id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(18).not_null())
                .col(ColumnDef::new("read_at").timestamp_with_time_zone().null())
                // online (a resident opened it) or in_person (told by the grid worker).
                .col(ColumnDef::new("read_how").string_len(16).null())
                .col(ColumnDef::new("read_by").string_len(64).null())
                .primary_key(Index::create().col("community_id").col("notice_id").col("household_id"))
                .to_owned(),
        ),
        Step::CodePointOrder("notice_receipt", "grid_code", 18),
        index("ix_notice_receipt_grid", "notice_receipt", &["notice_id", "grid_code"], false),
        index("ix_notice_receipt_household", "notice_receipt", &["community_id", "household_id"], false),
    ]
}
