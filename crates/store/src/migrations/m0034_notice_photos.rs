//! Pictures in notices (a map of the water cut, the poster of an event):
//! kept as visits' photos are, files in the data folder and a row each.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("notice_photo")
                // The notice's region code.
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("notice_id").uuid().not_null())
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_notice_photo_notice", "notice_photo", &["community_id", "notice_id"], false),
    ]
}
