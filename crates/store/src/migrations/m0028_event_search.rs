//! Finding events by what was written: the bigrams of each event's text and
//! address (see `events::term`), with the events already written indexed.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::KeyedTable(
            Table::create()
                .table("event_term")
                // Two characters: at most 8 bytes of UTF-8.
                .col(ColumnDef::new("term").string_len(8).not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("event_id").uuid().not_null())
                .primary_key(Index::create().col("term").col("community_id").col("event_id"))
                .to_owned(),
        ),
        Step::IndexEventTexts,
    ]
}
