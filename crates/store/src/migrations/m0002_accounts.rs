//! Accounts, their role grants on region nodes, sessions, sign-in attempts
//! and the tamper-evident audit log.

use sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("account")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("username").string_len(64).null())
                .col(ColumnDef::new("display_name").string().not_null())
                // Phone: sealed (AES-GCM) and a keyed hash for exact look-up.
                .col(ColumnDef::new("phone_sealed").string().null())
                .col(ColumnDef::new("phone_hash").string_len(64).null())
                .col(ColumnDef::new("password_hash").string().not_null())
                .col(ColumnDef::new("must_change_password").boolean().not_null())
                .col(ColumnDef::new("disabled").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        Step::Index(Index::create().name("ux_account_username").table("account").col("username").unique().to_owned()),
        Step::Index(Index::create().name("ux_account_phone").table("account").col("phone_hash").unique().to_owned()),
        Step::Table(
            Table::create()
                .table("role_grant")
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("role").string_len(32).not_null())
                .col(ColumnDef::new("region_code").string_len(16).not_null())
                .col(ColumnDef::new("granted_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("account_id").col("role").col("region_code"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_grant_account")
                        .from("role_grant", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create().name("fk_grant_region").from("role_grant", "region_code").to("region", "code"),
                )
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("session")
                // SHA-256 of the cookie's token: a stolen database yields no usable session.
                .col(ColumnDef::new("token_hash").string_len(64).not_null().primary_key())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("csrf_token").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("last_seen_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("idle_secs").big_integer().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("ip").string_len(64).not_null())
                .col(ColumnDef::new("user_agent").string().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_session_account")
                        .from("session", "account_id")
                        .to("account", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_session_account").table("session").col("account_id").to_owned()),
        Step::Table(
            Table::create()
                .table("login_attempt")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                // Keyed hash of what was typed: phones are never stored in clear.
                .col(ColumnDef::new("login_hash").string_len(64).not_null())
                .col(ColumnDef::new("ip").string_len(64).not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("succeeded").boolean().not_null())
                .to_owned(),
        ),
        Step::Index(
            Index::create().name("ix_attempt_login").table("login_attempt").col("login_hash").col("at").to_owned(),
        ),
        Step::Index(Index::create().name("ix_attempt_ip").table("login_attempt").col("ip").col("at").to_owned()),
        Step::Table(
            Table::create()
                .table("audit_log")
                // The chain's order: made by linli under a lock, gap-free.
                .col(ColumnDef::new("seq").big_integer().not_null().primary_key())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("actor_id").uuid().null())
                .col(ColumnDef::new("actor").string().not_null())
                .col(ColumnDef::new("role").string_len(32).not_null())
                .col(ColumnDef::new("ip").string_len(64).not_null())
                .col(ColumnDef::new("action").string_len(64).not_null())
                .col(ColumnDef::new("target").string().not_null())
                .col(ColumnDef::new("detail").text().not_null())
                .col(ColumnDef::new("prev_hash").string_len(64).not_null())
                .col(ColumnDef::new("hash").string_len(64).not_null())
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_audit_at").table("audit_log").col("at").to_owned()),
        Step::Index(Index::create().name("ix_audit_actor").table("audit_log").col("actor_id").col("at").to_owned()),
    ]
}
