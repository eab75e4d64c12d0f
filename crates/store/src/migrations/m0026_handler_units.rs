//! Handler units (处置单位): the organisations events are dispatched to —
//! departments, utilities, property companies, the police office, the
//! mediation committee, member units — with their members' accounts, the
//! routing rules that name a default unit per category and region
//! (智能分拨), and on each event the unit and person it went to, the unit
//! routing suggested, and the reporter's own 回访 link.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

fn event_column(col: &mut ColumnDef) -> Step {
    Step::Alter(Table::alter().table("event").add_column(col.null().to_owned()).to_owned())
}

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("handler_unit")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                // The region it works in: a district, street or community code.
                .col(ColumnDef::new("region_code").string_len(12).not_null())
                .col(ColumnDef::new("name").string_len(64).not_null())
                // department, utility, property, police_office, mediation, member_unit, community
                .col(ColumnDef::new("kind").string_len(24).not_null())
                // The unit's office phone (not a person's).
                .col(ColumnDef::new("phone").string_len(32).null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_handler_unit_name", "handler_unit", &["region_code", "name"], true),
        Step::Table(
            Table::create()
                .table("unit_member")
                .col(ColumnDef::new("unit_id").uuid().not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                // dispatcher (单位调度员) or handler (处置人员).
                .col(ColumnDef::new("role").string_len(16).not_null())
                .primary_key(Index::create().col("unit_id").col("account_id"))
                .to_owned(),
        ),
        index("ix_unit_member_account", "unit_member", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("routing_rule")
                .col(ColumnDef::new("region_code").string_len(12).not_null())
                .col(ColumnDef::new("category_code").string_len(16).not_null())
                .col(ColumnDef::new("unit_id").uuid().not_null())
                // Certain: dispatched at once; otherwise only suggested.
                .col(ColumnDef::new("certain").boolean().not_null())
                .col(ColumnDef::new("hours").big_integer().null())
                .primary_key(Index::create().col("region_code").col("category_code"))
                .to_owned(),
        ),
        event_column(ColumnDef::new("unit_id").uuid()),
        event_column(ColumnDef::new("assignee_id").uuid()),
        event_column(ColumnDef::new("suggested_unit_id").uuid()),
        // The reporter's one-time 回访 link, hashed.
        event_column(ColumnDef::new("rating_token_hash").string_len(64)),
        // Who said how it went: reporter (by the link) or staff (by phone).
        event_column(ColumnDef::new("rating_source").string_len(16)),
        index("ix_event_unit", "event", &["unit_id", "state"], false),
        index("ix_event_assignee", "event", &["assignee_id", "state"], false),
    ]
}
