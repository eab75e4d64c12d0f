//! Indexes for the lists staff work from among a million events: each
//! state of a community newest first (the dispatch board, a worker's tasks),
//! a grid's events by state, the overdue list, and a resident's own reports.

use sea_query::Index;

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Index(
            Index::create().name("ix_event_board").table("event").col("community_id").col("state").col("id").to_owned(),
        ),
        Step::Index(Index::create().name("ix_event_grid").table("event").col("grid_code").col("state").to_owned()),
        Step::Index(Index::create().name("ix_event_reporter").table("event").col("reporter_account").to_owned()),
        Step::Index(
            Index::create().name("ix_event_late").table("event").col("community_id").col("late").col("id").to_owned(),
        ),
    ]
}
