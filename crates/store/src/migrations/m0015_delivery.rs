//! Delivering the outbox: a message is claimed for a while by whoever sends
//! it (the mail task, an SMS or WeChat gateway), then marked sent — or
//! released with the error, to be tried again.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    let add = |column: ColumnDef| Step::Alter(Table::alter().table("notification").add_column(column).to_owned());
    vec![
        add(ColumnDef::new("claimed_at").timestamp_with_time_zone().null().to_owned()),
        add(ColumnDef::new("attempts").big_integer().not_null().default(0).to_owned()),
        add(ColumnDef::new("last_error").text().null().to_owned()),
        Step::Index(
            Index::create()
                .name("ix_notification_pending")
                .table("notification")
                .col("channel")
                .col("sent_at")
                .to_owned(),
        ),
    ]
}
