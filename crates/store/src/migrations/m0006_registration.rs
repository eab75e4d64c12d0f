//! Residents' own accounts: the link from an account to the person it is,
//! and the registrations that wait for staff to verify them.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("resident_link")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("linked_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("account_id").col("person_id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_link_account")
                        .from("resident_link", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_link_person")
                        .from("resident_link", ("community_id", "person_id"))
                        .to("person", ("community_id", "id")),
                )
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("registration")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("name").string().not_null())
                .col(ColumnDef::new("id_sealed").string().not_null())
                .col(ColumnDef::new("id_masked").string_len(24).not_null())
                .col(ColumnDef::new("phone_sealed").string().not_null())
                .col(ColumnDef::new("phone_hash").string_len(64).not_null())
                .col(ColumnDef::new("phone_masked").string_len(16).not_null())
                .col(ColumnDef::new("password_hash").string().not_null())
                .col(ColumnDef::new("state").string_len(16).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("decided_by").string().null())
                .col(ColumnDef::new("decided_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_registration_community")
                        .from("registration", "community_id")
                        .to("region", "code"),
                )
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_registration_state")
                .table("registration")
                .col("community_id")
                .col("state")
                .to_owned(),
        ),
    ]
}
