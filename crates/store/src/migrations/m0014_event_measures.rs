//! What the event measures (结案率, 按期结案率, 返工率, 满意率, time per
//! step) need kept as it happens: whether an event ran past a deadline, when
//! it was closed, and how long each step took since the one before.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter()
                .table("event")
                .add_column(ColumnDef::new("late").boolean().not_null().default(false))
                .to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("event")
                .add_column(ColumnDef::new("closed_at").timestamp_with_time_zone().null())
                .to_owned(),
        ),
        Step::Alter(
            Table::alter().table("event_step").add_column(ColumnDef::new("took_secs").big_integer().null()).to_owned(),
        ),
        // Measures and the leader's lists read a community's events by when they came in.
        Step::Index(
            Index::create().name("ix_event_created").table("event").col("community_id").col("created_at").to_owned(),
        ),
    ]
}
