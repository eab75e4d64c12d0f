//! TOTP second factor: the sealed secret on the account, sessions that wait
//! for the code, and security settings a system admin changes.

use sea_query::{ColumnDef, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        // SQLite adds one column per statement.
        Step::Alter(
            Table::alter().table("account").add_column(ColumnDef::new("totp_sealed").string().null()).to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("account")
                .add_column(ColumnDef::new("totp_last_step").big_integer().null())
                .to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("session")
                .add_column(ColumnDef::new("second_factor_pending").boolean().not_null().default(false))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("setting")
                .col(ColumnDef::new("name").string_len(64).not_null().primary_key())
                .col(ColumnDef::new("value").text().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_by").string().not_null())
                .to_owned(),
        ),
    ]
}
