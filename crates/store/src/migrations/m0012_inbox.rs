//! The in-app inbox reads notifications by recipient.

use sea_query::Index;

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![Step::Index(
        Index::create()
            .name("ix_notification_recipient")
            .table("notification")
            .col("recipient")
            .col("created_at")
            .to_owned(),
    )]
}
