//! Where an event is (an address or coordinates, as Open311 clients send
//! them), the reporter's e-mail, and the photos of an event's steps.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    let add = |column: ColumnDef| Step::Alter(Table::alter().table("event").add_column(column).to_owned());
    vec![
        add(ColumnDef::new("address").string_len(200).null().to_owned()),
        add(ColumnDef::new("lat").double().null().to_owned()),
        add(ColumnDef::new("lon").double().null().to_owned()),
        add(ColumnDef::new("reporter_email_sealed").string().null().to_owned()),
        Step::Table(
            Table::create()
                .table("event_photo")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("event_id").uuid().not_null())
                // The step it is evidence of; none: taken at the report.
                .col(ColumnDef::new("step_id").uuid().null())
                // image/jpeg or image/png (WebP is stored as JPEG).
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_event_photo_event")
                .table("event_photo")
                .col("community_id")
                .col("event_id")
                .to_owned(),
        ),
    ]
}
