//! The service catalogue in the database, grid workers' visits (走访) and the rules that make them due, the
//! proactive-service rules (主动服务), door-to-door appointments, and what
//! applications lacked: the applicant's own account and the deadline
//! warnings already sent, and photos of an application's materials.

use sea_query::{ColumnDef, Index, Query, Table};

use super::Step;

/// Visit rules a district starts with: (tag, every so many days).
pub const DEFAULT_VISIT_RULES: [(&str, i64); 6] =
    [("独居老人", 7), ("特困", 14), ("空巢老人", 14), ("严重精神障碍", 14), ("残疾人", 30), ("高龄老人", 30)];

/// Proactive rules a district starts with: (key, item, kind, value, days ahead).
pub const DEFAULT_CARE_RULES: [(&str, &str, &str, &str, i64); 3] = [
    ("GL01:age:80", "GL01", "age", "80", 30),
    ("CJ01:tag:残疾人", "CJ01", "tag", "残疾人", 0),
    ("TY01:tag:退役军人", "TY01", "tag", "退役军人", 0),
];

fn index(name: &str, table: &str, cols: &[&'static str]) -> Step {
    let mut i = Index::create().name(name).table(table.to_owned()).to_owned();
    for c in cols {
        i.col(*c);
    }
    Step::Index(i)
}

pub(super) fn steps() -> Vec<Step> {
    let mut visit_rules = Query::insert().into_table("visit_rule").columns(["tag", "every_days", "active"]).to_owned();
    for (tag, days) in DEFAULT_VISIT_RULES {
        visit_rules.values_panic([tag.into(), days.into(), true.into()]);
    }
    let mut care_rules = Query::insert()
        .into_table("care_rule")
        .columns(["key", "item_code", "kind", "value", "ahead_days", "active"])
        .to_owned();
    for (key, item, kind, value, ahead) in DEFAULT_CARE_RULES {
        care_rules.values_panic([key.into(), item.into(), kind.into(), value.into(), ahead.into(), true.into()]);
    }
    let add =
        |column: ColumnDef| Step::Alter(Table::alter().table("service_application").add_column(column).to_owned());
    vec![
        // The catalogue as admins keep it (linli seeds it from its defaults).
        Step::Table(
            Table::create()
                .table("service_item")
                .col(ColumnDef::new("code").string_len(16).not_null().primary_key())
                .col(ColumnDef::new("name").string_len(64).not_null())
                .col(ColumnDef::new("department").string_len(64).not_null())
                .col(ColumnDef::new("eligibility").string_len(200).not_null())
                // JSON arrays of text.
                .col(ColumnDef::new("materials").text().not_null())
                .col(ColumnDef::new("fields").text().not_null())
                .col(ColumnDef::new("steps").text().not_null())
                .col(ColumnDef::new("days").big_integer().not_null())
                .col(ColumnDef::new("at_home").boolean().not_null())
                .col(ColumnDef::new("proxy").boolean().not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .to_owned(),
        ),
        // The item's steps when it was applied for (an admin may change them later).
        add(ColumnDef::new("steps").text().null().to_owned()),
        // The resident's own account, for "my applications".
        add(ColumnDef::new("account_id").uuid().null().to_owned()),
        // When staff were warned that the promised date is near, and that it passed.
        add(ColumnDef::new("warned_at").timestamp_with_time_zone().null().to_owned()),
        add(ColumnDef::new("overdue_at").timestamp_with_time_zone().null().to_owned()),
        index("ix_service_application_account", "service_application", &["account_id"]),
        index("ix_service_application_person", "service_application", &["community_id", "person_id"]),
        // Photos of an application's materials, taken at the counter or uploaded.
        Step::Table(
            Table::create()
                .table("service_photo")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("application_id").uuid().not_null())
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_service_photo_application", "service_photo", &["community_id", "application_id"]),
        Step::Table(
            Table::create()
                .table("visit_rule")
                // A person's tag; a household is due when anyone in it carries it.
                .col(ColumnDef::new("tag").string_len(16).not_null().primary_key())
                .col(ColumnDef::new("every_days").big_integer().not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .to_owned(),
        ),
        Step::Insert(visit_rules),
        Step::Table(
            Table::create()
                .table("care_rule")
                // `item:kind:value`, so a rule is added or changed by what it says.
                .col(ColumnDef::new("key").string_len(64).not_null().primary_key())
                .col(ColumnDef::new("item_code").string_len(16).not_null())
                // `age` (value: years; ahead_days: how early to list them) or `tag`.
                .col(ColumnDef::new("kind").string_len(8).not_null())
                .col(ColumnDef::new("value").string_len(16).not_null())
                .col(ColumnDef::new("ahead_days").big_integer().not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .to_owned(),
        ),
        Step::Insert(care_rules),
        Step::Table(
            Table::create()
                .table("visit")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(24).not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("worker").string().not_null())
                // Who was met, what was seen, what they need.
                .col(ColumnDef::new("met").string_len(100).not_null())
                .col(ColumnDef::new("situation").text().not_null())
                .col(ColumnDef::new("needs").text().null())
                .col(ColumnDef::new("appointment_id").uuid().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_visit_household", "visit", &["community_id", "household_id", "at"]),
        index("ix_visit_grid", "visit", &["grid_code", "at"]),
        Step::Table(
            Table::create()
                .table("visit_photo")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("visit_id").uuid().not_null())
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_visit_photo_visit", "visit_photo", &["community_id", "visit_id"]),
        Step::Table(
            Table::create()
                .table("appointment")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(24).not_null())
                // The service it is for (a catalogue item), if any.
                .col(ColumnDef::new("item_code").string_len(16).null())
                .col(ColumnDef::new("name").string_len(32).not_null())
                .col(ColumnDef::new("phone_sealed").string().not_null())
                // When the resident would like it, in their words, and why.
                .col(ColumnDef::new("wish").string_len(100).not_null())
                .col(ColumnDef::new("note").string_len(500).not_null())
                // requested → scheduled → done, or cancelled.
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("scheduled_for").date().null())
                .col(ColumnDef::new("assignee").string().null())
                .col(ColumnDef::new("account_id").uuid().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_appointment_state", "appointment", &["community_id", "state"]),
        index("ix_appointment_day", "appointment", &["grid_code", "scheduled_for"]),
    ]
}
