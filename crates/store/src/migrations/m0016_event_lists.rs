//! Indexes for the lists staff work from with a million events: a grid
//! worker's events by grid and state, and the leader's overdue list.

use sea_query::Index;

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Index(Index::create().name("ix_event_grid").table("event").col("grid_code").col("state").to_owned()),
        Step::Index(Index::create().name("ix_event_late").table("event").col("community_id").col("late").to_owned()),
    ]
}
