//! Bills and payments (缴费): each community's fee items, meter readings,
//! bills (one per house, fee item and period), payments applied once per
//! idempotency key, online orders sent to a payment provider, and the
//! receipt numbers of each community and year.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("fee_item")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("code").string_len(16).not_null())
                .col(ColumnDef::new("name").string_len(32).not_null())
                // area (物业费), metered (水电气, in tiers) or fixed.
                .col(ColumnDef::new("kind").string_len(8).not_null())
                // Fen per m² per month (area), per month (fixed).
                .col(ColumnDef::new("price").big_integer().not_null())
                // Metered: JSON [[up_to (hundredths of a unit) or null, fen per unit], …].
                .col(ColumnDef::new("tiers").text().not_null())
                // m³, kWh … for metered items.
                .col(ColumnDef::new("unit").string_len(8).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .primary_key(Index::create().col("community_id").col("code"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("meter_reading")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                .col(ColumnDef::new("fee_code").string_len(16).not_null())
                .col(ColumnDef::new("period").string_len(7).not_null())
                // Hundredths of a unit, as the meter shows.
                .col(ColumnDef::new("reading").big_integer().not_null())
                // The reading it counts from (the last one; 0 after a meter change).
                .col(ColumnDef::new("previous").big_integer().not_null())
                .col(ColumnDef::new("meter_change").boolean().not_null())
                .col(ColumnDef::new("read_by").string().not_null())
                .col(ColumnDef::new("read_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_meter_reading_period", "meter_reading", &["community_id", "house_id", "fee_code", "period"], true),
        Step::Table(
            Table::create()
                .table("bill")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                .col(ColumnDef::new("fee_code").string_len(16).not_null())
                // YYYY-MM.
                .col(ColumnDef::new("period").string_len(7).not_null())
                // Fen: charged, paid in, given back, waived.
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("paid").big_integer().not_null())
                .col(ColumnDef::new("refunded").big_integer().not_null())
                .col(ColumnDef::new("waived").big_integer().not_null())
                // How it was computed, as the resident reads it.
                .col(ColumnDef::new("detail").string_len(200).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        // A bill run made twice for a period creates nothing new.
        index("ux_bill_period", "bill", &["community_id", "house_id", "fee_code", "period"], true),
        Step::Table(
            Table::create()
                .table("payment")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("bill_id").uuid().not_null())
                .col(ColumnDef::new("house_id").uuid().not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                // cash, card (counter), kiosk, online.
                .col(ColumnDef::new("channel").string_len(16).not_null())
                // The client's key: the same key never pays twice.
                .col(ColumnDef::new("idempotency_key").string_len(64).not_null())
                .col(ColumnDef::new("receipt_no").string_len(32).not_null())
                .col(ColumnDef::new("taken_by").string().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_payment_key", "payment", &["community_id", "idempotency_key"], true),
        index("ux_payment_receipt", "payment", &["receipt_no"], true),
        index("ix_payment_bill", "payment", &["community_id", "bill_id"], false),
        // Waivers (减免) and refunds: asked for by one person, decided by another.
        Step::Table(
            Table::create()
                .table("bill_adjustment")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("bill_id").uuid().not_null())
                // waive or refund.
                .col(ColumnDef::new("kind").string_len(8).not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("reason").string_len(200).not_null())
                .col(ColumnDef::new("requested_by").uuid().not_null())
                .col(ColumnDef::new("requested_label").string().not_null())
                // requested, approved, rejected.
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("decided_by").string().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("decided_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_bill_adjustment_state", "bill_adjustment", &["community_id", "state"], false),
        // Online payments: an order sent to a payment provider, paid when
        // its signed callback arrives.
        Step::Table(
            Table::create()
                .table("pay_order")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("order_no").string_len(32).not_null())
                .col(ColumnDef::new("bill_id").uuid().not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("provider").string_len(16).not_null())
                // created, paid.
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("provider_txn").string_len(64).null())
                .col(ColumnDef::new("created_by").string().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("paid_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("order_no"))
                .to_owned(),
        ),
        index("ix_pay_order_bill", "pay_order", &["community_id", "bill_id"], false),
        // A resident identified at a kiosk (智慧货架): by ID number, or by
        // phone and a one-time code sent through the outbox.
        Step::Table(
            Table::create()
                .table("kiosk_session")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                // id_number or phone.
                .col(ColumnDef::new("method").string_len(12).not_null())
                .col(ColumnDef::new("phone_sealed").string().null())
                .col(ColumnDef::new("code_hash").string_len(64).null())
                .col(ColumnDef::new("attempts").big_integer().not_null())
                .col(ColumnDef::new("device").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("verified_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("receipt_counter")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("year").big_integer().not_null())
                .col(ColumnDef::new("next").big_integer().not_null())
                .primary_key(Index::create().col("community_id").col("year"))
                .to_owned(),
        ),
    ]
}
