//! The help wall's last pieces: a photo when a wish is done, 有声党建 study
//! items with their recording, and volunteers acting for an organisation of
//! the registry (实有单位).

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    let study = |column: ColumnDef| Step::Alter(Table::alter().table("study_item").add_column(column).to_owned());
    vec![
        Step::Table(
            Table::create()
                .table("wish_photo")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("wish_id").uuid().not_null())
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_wish_photo_wish", "wish_photo", &["community_id", "wish_id"], false),
        // audio/mpeg or audio/mp4; none: a text to read.
        study(ColumnDef::new("audio_type").string_len(16).null().to_owned()),
        study(ColumnDef::new("audio_size").big_integer().null().to_owned()),
        // The recording's length, read from the file: listened to the end no sooner.
        study(ColumnDef::new("audio_seconds").big_integer().null().to_owned()),
        Step::Alter(
            Table::alter().table("volunteer").add_column(ColumnDef::new("org_id").uuid().null().to_owned()).to_owned(),
        ),
    ]
}
