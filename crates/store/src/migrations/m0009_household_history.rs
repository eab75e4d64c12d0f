//! A household's page shows the history of everyone who lived in it.

use sea_query::Index;

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![Step::Index(
        Index::create()
            .name("ix_person_history_household")
            .table("person_history")
            .col("community_id")
            .col("household_id")
            .to_owned(),
    )]
}
