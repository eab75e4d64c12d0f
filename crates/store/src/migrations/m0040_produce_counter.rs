//! The produce counter (助农展销专柜): enterprises with the villages they
//! support, their products with stock, pickup windows with a capacity, and
//! orders for pickup at the counter with their lines. An online order may
//! now pay a produce order instead of a bill, so `pay_order.bill_id` may be
//! empty (SQLite cannot drop a NOT NULL: the table is made again) and
//! `produce_order_id` names the order it pays; exactly one of the two is set.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        // As migration 23 made it, with the bill optional.
        Step::Rebuild(
            "pay_order",
            Table::create()
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("order_no").string_len(32).not_null())
                .col(ColumnDef::new("bill_id").uuid().null())
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
        Step::Alter(
            Table::alter()
                .table("pay_order")
                .add_column(ColumnDef::new("produce_order_id").uuid().null().to_owned())
                .to_owned(),
        ),
        index("ix_pay_order_bill", "pay_order", &["community_id", "bill_id"], false),
        index("ix_pay_order_no", "pay_order", &["order_no"], false),
        Step::Table(
            Table::create()
                .table("produce_enterprise")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(60).not_null())
                // The village it helps (帮扶村), for the 消费帮扶 report.
                .col(ColumnDef::new("village").string_len(60).not_null())
                .col(ColumnDef::new("about").string_len(500).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_produce_enterprise_name", "produce_enterprise", &["community_id", "name"], true),
        index("ix_produce_enterprise_id", "produce_enterprise", &["id"], false),
        // Merchant accounts acting for an enterprise.
        Step::Table(
            Table::create()
                .table("produce_member")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("enterprise_id").uuid().not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .primary_key(Index::create().col("community_id").col("enterprise_id").col("account_id"))
                .to_owned(),
        ),
        index("ix_produce_member_account", "produce_member", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("produce_product")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("enterprise_id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(40).not_null())
                // Fen for one unit.
                .col(ColumnDef::new("price").big_integer().not_null())
                .col(ColumnDef::new("unit").string_len(10).not_null())
                // Never below zero: every take is a conditional update.
                .col(ColumnDef::new("stock").big_integer().not_null())
                .col(ColumnDef::new("story").string_len(2000).not_null())
                .col(ColumnDef::new("origin").string_len(60).not_null())
                .col(ColumnDef::new("certificates").string_len(200).not_null())
                .col(ColumnDef::new("shelf_life").string_len(40).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_produce_product_id", "produce_product", &["id"], false),
        Step::Table(
            Table::create()
                .table("product_photo")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("product_id").uuid().not_null())
                .col(ColumnDef::new("content_type").string_len(16).not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_product_photo_product", "product_photo", &["community_id", "product_id"], false),
        index("ix_produce_product_enterprise", "produce_product", &["community_id", "enterprise_id"], false),
        Step::Table(
            Table::create()
                .table("pickup_window")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("starts_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("ends_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("capacity").big_integer().not_null())
                // Places taken; never above capacity (a conditional update).
                .col(ColumnDef::new("taken").big_integer().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_pickup_window_start", "pickup_window", &["community_id", "starts_at"], true),
        Step::Table(
            Table::create()
                .table("produce_order")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // What the buyer keeps to see the order again (no sign-in).
                .col(ColumnDef::new("token").string_len(32).not_null())
                .col(ColumnDef::new("window_id").uuid().not_null())
                .col(ColumnDef::new("buyer_name").string_len(20).not_null())
                .col(ColumnDef::new("phone_sealed").string().not_null())
                .col(ColumnDef::new("phone_masked").string_len(16).not_null())
                .col(ColumnDef::new("account_id").uuid().null())
                .col(ColumnDef::new("total").big_integer().not_null())
                // placed, paid, collected, cancelled, expired, refund.
                .col(ColumnDef::new("state").string_len(12).not_null())
                // online, cash.
                .col(ColumnDef::new("paid_by").string_len(8).null())
                // Said at the counter to collect.
                .col(ColumnDef::new("code").string_len(6).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("paid_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("closed_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("closed_by").string().null())
                // Fen paid beyond the order (paid twice: cash, then online), owed back.
                .col(ColumnDef::new("refund_owed").big_integer().not_null().default(0))
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_produce_order_token", "produce_order", &["token"], true),
        index("ix_produce_order_id", "produce_order", &["id"], false),
        index("ix_produce_order_state", "produce_order", &["community_id", "state", "expires_at"], false),
        index("ix_produce_order_account", "produce_order", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("produce_order_line")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("order_id").uuid().not_null())
                .col(ColumnDef::new("product_id").uuid().not_null())
                .col(ColumnDef::new("enterprise_id").uuid().not_null())
                // As sold: the report reads these, whatever changes later.
                .col(ColumnDef::new("product_name").string_len(40).not_null())
                .col(ColumnDef::new("enterprise_name").string_len(60).not_null())
                .col(ColumnDef::new("village").string_len(60).not_null())
                .col(ColumnDef::new("unit").string_len(10).not_null())
                .col(ColumnDef::new("price").big_integer().not_null())
                .col(ColumnDef::new("quantity").big_integer().not_null())
                .primary_key(Index::create().col("community_id").col("order_id").col("product_id"))
                .to_owned(),
        ),
        index("ix_produce_order_line_enterprise", "produce_order_line", &["community_id", "enterprise_id"], false),
    ]
}
