//! API tokens for machine clients (Open311 apps, kiosks, log collectors).

use sea_query::{ColumnDef, ForeignKey, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("api_token")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("name").string_len(64).not_null())
                // SHA-256 of the token: shown once, never stored.
                .col(ColumnDef::new("token_hash").string_len(64).not_null())
                .col(ColumnDef::new("scopes").string().not_null())
                .col(ColumnDef::new("region_code").string_len(16).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("created_by").string().not_null())
                .col(ColumnDef::new("last_used_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("revoked_at").timestamp_with_time_zone().null())
                .foreign_key(
                    ForeignKey::create().name("fk_token_region").from("api_token", "region_code").to("region", "code"),
                )
                .to_owned(),
        ),
        Step::Index(Index::create().name("ux_token_hash").table("api_token").col("token_hash").unique().to_owned()),
        Step::Index(Index::create().name("ux_token_name").table("api_token").col("name").unique().to_owned()),
    ]
}
