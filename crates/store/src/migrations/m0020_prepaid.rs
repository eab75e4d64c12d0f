//! Prepaid balances (预存款) per house with their entries, the channel an
//! online order was placed through (the kiosk or a resident's phone), and
//! the local payment provider's own ledger of what it charged — its daily
//! statement, which reconciliation compares with linli's payments.

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter()
                .table("pay_order")
                .add_column(ColumnDef::new("channel").string_len(8).not_null().default("online"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("sim_charge")
                .col(ColumnDef::new("order_no").string_len(32).not_null().primary_key())
                .col(ColumnDef::new("txn").string_len(64).not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("charged_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_sim_charge_day").table("sim_charge").col("charged_at").to_owned()),
        Step::Table(
            Table::create()
                .table("prepaid")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                // Fen; never below zero (every spend is a conditional update).
                .col(ColumnDef::new("balance").big_integer().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("house_id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("prepaid_entry")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                // deposit (money in, with a receipt) or spend (into a bill).
                .col(ColumnDef::new("kind").string_len(8).not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("bill_id").uuid().null())
                .col(ColumnDef::new("channel").string_len(8).not_null())
                .col(ColumnDef::new("idempotency_key").string_len(64).not_null())
                .col(ColumnDef::new("receipt_no").string_len(32).null())
                .col(ColumnDef::new("taken_by").string().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ux_prepaid_entry_key")
                .table("prepaid_entry")
                .col("community_id")
                .col("idempotency_key")
                .unique()
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_prepaid_entry_house")
                .table("prepaid_entry")
                .col("community_id")
                .col("house_id")
                .to_owned(),
        ),
    ]
}
