//! Files attached to notices (PDF): a row each, the bytes in the data folder.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("notice_file")
                // The notice's region code.
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("notice_id").uuid().not_null())
                // The name it is offered under.
                .col(ColumnDef::new("name").string_len(240).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_notice_file_notice", "notice_file", &["community_id", "notice_id"], false),
    ]
}
