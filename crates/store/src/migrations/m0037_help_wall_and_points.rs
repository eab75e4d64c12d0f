//! The help wall (爱心回音壁) and its volunteers, their hours, and the
//! points residents earn and exchange (学习积分 / 志愿积分).
//!
//! Points are kept three ways that must agree: the balance (one row per
//! person, spent only where `balance >= amount`), the lots that balance is
//! made of (spent and expired oldest first) and the entries that say why
//! each change happened (never edited; a correction is a new entry).

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("volunteer")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                // The registry person they are, when they live in the community.
                .col(ColumnDef::new("person_id").uuid().null())
                .col(ColumnDef::new("name").string_len(64).not_null())
                // volunteer, party_member (在职党员), team, organisation.
                .col(ColumnDef::new("kind").string_len(16).not_null())
                // A team's or organisation's name; an 在职党员's employer.
                .col(ColumnDef::new("org_name").string_len(120).not_null())
                // What they can do: wish categories, comma-separated.
                .col(ColumnDef::new("skills").string_len(120).not_null())
                .col(ColumnDef::new("available").string_len(240).not_null())
                // active, left.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("registered_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_volunteer_account", "volunteer", &["community_id", "account_id"], true),
        index("ix_volunteer_account", "volunteer", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("wish")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("grid_code").string_len(24).not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                // The requester's account, when they posted it themselves.
                .col(ColumnDef::new("account_id").uuid().null())
                // How the wall names the requester (王女士): never the full name.
                .col(ColumnDef::new("shown_name").string_len(32).not_null())
                .col(ColumnDef::new("title").string_len(240).not_null())
                .col(ColumnDef::new("body").text().not_null())
                .col(ColumnDef::new("category").string_len(16).not_null())
                .col(ColumnDef::new("needed_by").date().not_null())
                // open, claimed, taken, done, thanked, withdrawn.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("volunteer_id").uuid().null())
                .col(ColumnDef::new("volunteer_name").string_len(64).null())
                .col(ColumnDef::new("claimed_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("taken_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("done_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("done_note").text().null())
                .col(ColumnDef::new("thanks").string_len(400).null())
                .col(ColumnDef::new("thanked_at").timestamp_with_time_zone().null())
                // Why the requester said it was not done, last time.
                .col(ColumnDef::new("not_done").string_len(400).null())
                // When nobody had taken it in time and staff were told.
                .col(ColumnDef::new("raised_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("posted_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_wish_wall", "wish", &["community_id", "status", "created_at"], false),
        index("ix_wish_volunteer", "wish", &["volunteer_id", "updated_at"], false),
        index("ix_wish_person", "wish", &["person_id", "created_at"], false),
        index("ix_wish_status", "wish", &["status", "created_at"], false),
        Step::Table(
            Table::create()
                .table("volunteer_hours")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("volunteer_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                // What the hours were for: wish:ID, activity:ID or other:ID, once each.
                .col(ColumnDef::new("source").string_len(64).not_null())
                .col(ColumnDef::new("what").string_len(240).not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("minutes").big_integer().not_null())
                // pending, confirmed, refused.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("recorded_by").string_len(64).not_null())
                .col(ColumnDef::new("decided_by").string_len(64).null())
                .col(ColumnDef::new("decided_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_volunteer_hours_source", "volunteer_hours", &["volunteer_id", "source"], true),
        index("ix_volunteer_hours_day", "volunteer_hours", &["volunteer_id", "day"], false),
        index("ix_volunteer_hours_waiting", "volunteer_hours", &["community_id", "status"], false),
        Step::Table(
            Table::create()
                .table("points_account")
                .col(ColumnDef::new("person_id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("balance").big_integer().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("points_lot")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("amount").big_integer().not_null())
                .col(ColumnDef::new("remaining").big_integer().not_null())
                .col(ColumnDef::new("earned_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("expires_at").timestamp_with_time_zone().null())
                .to_owned(),
        ),
        index("ix_points_lot_person", "points_lot", &["person_id", "earned_at"], false),
        index("ix_points_lot_expiry", "points_lot", &["expires_at"], false),
        Step::Table(
            Table::create()
                .table("points_entry")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("delta").big_integer().not_null())
                .col(ColumnDef::new("balance_after").big_integer().not_null())
                // study, volunteer, activity, exchange, refund, gift_in, gift_out, expire, correction.
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("reason").string_len(400).not_null())
                // What earned or spent it, once: a second try finds it taken.
                .col(ColumnDef::new("ref_key").string_len(120).null())
                .col(ColumnDef::new("by_name").string_len(64).not_null())
                .to_owned(),
        ),
        index("ix_points_entry_person", "points_entry", &["person_id", "at"], false),
        index("ux_points_entry_ref", "points_entry", &["ref_key"], true),
        Step::Table(
            Table::create()
                .table("points_setting")
                .col(ColumnDef::new("community_id").string_len(12).not_null().primary_key())
                .col(ColumnDef::new("study").big_integer().not_null())
                .col(ColumnDef::new("per_hour").big_integer().not_null())
                .col(ColumnDef::new("activity").big_integer().not_null())
                .col(ColumnDef::new("daily_cap").big_integer().not_null())
                // 0: points never expire.
                .col(ColumnDef::new("expire_months").big_integer().not_null())
                // A wish nobody takes within this many days is raised to staff.
                .col(ColumnDef::new("raise_days").big_integer().not_null())
                .col(ColumnDef::new("updated_by").string_len(64).not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("shop_item")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("name").string_len(120).not_null())
                .col(ColumnDef::new("about").string_len(400).not_null())
                .col(ColumnDef::new("points").big_integer().not_null())
                .col(ColumnDef::new("stock").big_integer().not_null())
                // Who gave it (a member unit).
                .col(ColumnDef::new("given_by").string_len(120).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_shop_item_name", "shop_item", &["community_id", "name"], true),
        Step::Table(
            Table::create()
                .table("points_exchange")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("item_id").uuid().not_null())
                .col(ColumnDef::new("item_name").string_len(120).not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("person_name").string_len(64).not_null())
                .col(ColumnDef::new("quantity").big_integer().not_null())
                .col(ColumnDef::new("points").big_integer().not_null())
                // to_collect, collected, cancelled.
                .col(ColumnDef::new("status").string_len(16).not_null())
                // Said at the counter to collect.
                .col(ColumnDef::new("code").string_len(8).not_null())
                .col(ColumnDef::new("by_name").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("closed_at").timestamp_with_time_zone().null())
                // When the soonest of the points spent would have expired: a
                // refund gives them back that far, never further.
                .col(ColumnDef::new("refund_expires_at").timestamp_with_time_zone().null())
                .to_owned(),
        ),
        index("ix_points_exchange_person", "points_exchange", &["person_id", "created_at"], false),
        index("ix_points_exchange_waiting", "points_exchange", &["community_id", "status", "created_at"], false),
        Step::Table(
            Table::create()
                .table("study_item")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("title").string_len(240).not_null())
                .col(ColumnDef::new("body").text().not_null())
                // How long it takes to listen to or read, in minutes: done no sooner.
                .col(ColumnDef::new("minutes").big_integer().not_null())
                .col(ColumnDef::new("points").big_integer().not_null())
                // The secret its QR code carries.
                .col(ColumnDef::new("token").string_len(64).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_study_item_community", "study_item", &["community_id", "created_at"], false),
        Step::Table(
            Table::create()
                .table("study_done")
                .col(ColumnDef::new("item_id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("opened_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("done_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("item_id").col("person_id"))
                .to_owned(),
        ),
    ]
}
