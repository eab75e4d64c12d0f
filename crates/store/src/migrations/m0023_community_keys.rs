//! Keys that carry the community: online orders, kiosk sessions and receipt
//! numbers were unique on their own, which a database distributed by
//! community (Citus) cannot enforce. Their primary and unique keys now
//! start with `community_id`, as every other community-owned table's do.
//!
//! SQLite cannot change a primary key, so `pay_order` and `kiosk_session`
//! are made again with their rows (on both engines alike). Where only the
//! number or id is known — a provider's callback and the payer's page carry
//! just the order number, a kiosk's pages just the session id — a plain
//! index serves the lookup; the order number stays unique everywhere
//! because linli makes it from a UUIDv7 and refuses one already used.
//! Receipt numbers begin with their community's code, so a lookup by
//! number knows its community.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        // As migrations 19 and 20 made it, keyed by community and number.
        Step::Rebuild(
            "pay_order",
            Table::create()
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("order_no").string_len(32).not_null())
                .col(ColumnDef::new("bill_id").uuid().not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("provider").string_len(16).not_null())
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("provider_txn").string_len(64).null())
                .col(ColumnDef::new("created_by").string().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("paid_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("channel").string_len(8).not_null().default("online"))
                .primary_key(Index::create().col("community_id").col("order_no"))
                .to_owned(),
        ),
        index("ix_pay_order_bill", "pay_order", &["community_id", "bill_id"], false),
        index("ix_pay_order_no", "pay_order", &["order_no"], false),
        // As migration 19 made it, keyed by community and id.
        Step::Rebuild(
            "kiosk_session",
            Table::create()
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("method").string_len(12).not_null())
                .col(ColumnDef::new("phone_sealed").string().null())
                .col(ColumnDef::new("code_hash").string_len(64).null())
                .col(ColumnDef::new("attempts").big_integer().not_null())
                .col(ColumnDef::new("device").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("verified_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_kiosk_session_id", "kiosk_session", &["id"], false),
        Step::DropIndex(Index::drop().name("ux_payment_receipt").table("payment").to_owned()),
        index("ux_payment_receipt", "payment", &["community_id", "receipt_no"], true),
    ]
}
