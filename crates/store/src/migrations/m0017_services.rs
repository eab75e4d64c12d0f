//! Services (便民服务): the catalogue of matters, applications, and each
//! application's timeline.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("service_application")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // The query code (查询码) anyone follows it by, with the phone.
                .col(ColumnDef::new("code").string_len(16).not_null())
                // A code of `domain::services::service::CATALOGUE`.
                .col(ColumnDef::new("item_code").string_len(16).not_null())
                .col(ColumnDef::new("person_id").uuid().null())
                .col(ColumnDef::new("applicant_name").string_len(32).not_null())
                .col(ColumnDef::new("phone_sealed").string().not_null())
                // 代办: staff applied on the resident's behalf, with their consent noted.
                .col(ColumnDef::new("proxy").boolean().not_null())
                .col(ColumnDef::new("consent").string_len(200).null())
                .col(ColumnDef::new("state").string_len(16).not_null())
                .col(ColumnDef::new("step").big_integer().not_null())
                // The form's fields, as JSON.
                .col(ColumnDef::new("fields").text().not_null())
                .col(ColumnDef::new("created_by").string().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                // The promised date (承诺时限), from acceptance.
                .col(ColumnDef::new("due_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ux_service_application_code")
                .table("service_application")
                .col("code")
                .unique()
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_service_application_state")
                .table("service_application")
                .col("community_id")
                .col("state")
                .col("id")
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("service_step")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("application_id").uuid().not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("actor").string().not_null())
                .col(ColumnDef::new("action").string_len(16).not_null())
                // The step's name as the applicant reads it (受理, 社区初审通过 …).
                .col(ColumnDef::new("label").string_len(32).not_null())
                .col(ColumnDef::new("note").text().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_service_step_application")
                .table("service_step")
                .col("community_id")
                .col("application_id")
                .to_owned(),
        ),
    ]
}
