//! Deadline alerts on events (督办) and the notification outbox. An alert
//! row is the claim that it was sent: its key makes a second sender — after
//! a restart, or another server on the same database — find it taken.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("event_alert")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("event_id").uuid().not_null())
                // warn, overdue or street
                .col(ColumnDef::new("kind").string_len(12).not_null())
                // The deadline it belongs to: a new dispatch starts new alerts.
                .col(ColumnDef::new("deadline_from").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("sent_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("event_id").col("kind").col("deadline_from"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("notification")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // inbox, sms, wechat, email
                .col(ColumnDef::new("channel").string_len(12).not_null())
                // Who: `role:community_head@141102001002`, `handler:物业维修组`, `account:<uuid>` …
                .col(ColumnDef::new("recipient").string().not_null())
                .col(ColumnDef::new("subject").string().not_null())
                .col(ColumnDef::new("body").text().not_null())
                .col(ColumnDef::new("event_id").uuid().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("sent_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_notification_community")
                .table("notification")
                .col("community_id")
                .col("created_at")
                .to_owned(),
        ),
    ]
}
