//! Rate-limit buckets: one row per thing counted (a login, an address, a
//! kiosk), counted and checked in one conditional statement so that
//! parallel requests cannot slip past a limit.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("rate_limit")
                // `kind:keyed-hash`: never the login, phone or address in clear.
                .col(ColumnDef::new("bucket").string_len(128).not_null().primary_key())
                .col(ColumnDef::new("window_start").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("n").big_integer().not_null())
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_rate_limit_window").table("rate_limit").col("window_start").to_owned()),
    ]
}
