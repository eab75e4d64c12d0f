//! Rooms (场地) and their bookings, associations (协会) and their members,
//! activities (活动) and who registered for them, and residents' calendar
//! feeds.
//!
//! A booking holds one `room_slot` row per quarter hour it covers, keyed by
//! room and quarter hour: two bookings of one room can never overlap, on
//! either engine, whatever arrives at the same moment.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("room")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("name").string_len(120).not_null())
                .col(ColumnDef::new("capacity").big_integer().not_null())
                // Opening hours: minutes after midnight, and the days as bits (Monday is 1).
                .col(ColumnDef::new("opens").big_integer().not_null())
                .col(ColumnDef::new("closes").big_integer().not_null())
                .col(ColumnDef::new("days").big_integer().not_null())
                .col(ColumnDef::new("needs_approval").boolean().not_null())
                .col(ColumnDef::new("rules").text().not_null())
                .col(ColumnDef::new("equipment").text().not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_room_name", "room", &["community_id", "name"], true),
        Step::Table(
            Table::create()
                .table("room_booking")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("room_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                // The bookings of one recurring series share it.
                .col(ColumnDef::new("series_id").uuid().null())
                .col(ColumnDef::new("starts_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("ends_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("purpose").string_len(240).not_null())
                // Who booked, as people know them, and their account.
                .col(ColumnDef::new("booked_by").string_len(64).not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("association_id").uuid().null())
                .col(ColumnDef::new("activity_id").uuid().null())
                // pending, confirmed, refused, cancelled.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("decided_by").string_len(64).null())
                .col(ColumnDef::new("reason").string_len(400).null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_room_booking_room", "room_booking", &["room_id", "starts_at"], false),
        index("ix_room_booking_account", "room_booking", &["account_id", "starts_at"], false),
        index("ix_room_booking_series", "room_booking", &["series_id"], false),
        Step::Table(
            Table::create()
                .table("room_slot")
                .col(ColumnDef::new("room_id").uuid().not_null())
                // Quarter hours since 1970 (UTC).
                .col(ColumnDef::new("slot").big_integer().not_null())
                .col(ColumnDef::new("booking_id").uuid().not_null())
                .primary_key(Index::create().col("room_id").col("slot"))
                .to_owned(),
        ),
        index("ix_room_slot_booking", "room_slot", &["booking_id"], false),
        Step::Table(
            Table::create()
                .table("association")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("name").string_len(120).not_null())
                .col(ColumnDef::new("about").text().not_null())
                // When it meets, as people say it (每周二、四 19:00).
                .col(ColumnDef::new("meets").string_len(240).not_null())
                .col(ColumnDef::new("room_id").uuid().null())
                .col(ColumnDef::new("leader_id").uuid().not_null())
                .col(ColumnDef::new("leader_name").string_len(64).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_association_name", "association", &["community_id", "name"], true),
        index("ix_association_leader", "association", &["leader_id"], false),
        Step::Table(
            Table::create()
                .table("association_member")
                .col(ColumnDef::new("association_id").uuid().not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(64).not_null())
                // asked, member.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("asked_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("joined_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("association_id").col("account_id"))
                .to_owned(),
        ),
        index("ix_association_member_account", "association_member", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("activity")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("association_id").uuid().null())
                .col(ColumnDef::new("series_id").uuid().null())
                .col(ColumnDef::new("title").string_len(240).not_null())
                .col(ColumnDef::new("body").text().not_null())
                .col(ColumnDef::new("place").string_len(240).not_null())
                .col(ColumnDef::new("room_id").uuid().null())
                .col(ColumnDef::new("starts_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("ends_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("deadline").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("capacity").big_integer().not_null())
                // all, tag:X, ages:A-B, members.
                .col(ColumnDef::new("open_to").string_len(80).not_null())
                .col(ColumnDef::new("public").boolean().not_null())
                // Registrations so far: each takes the next number, under the row's lock.
                .col(ColumnDef::new("seq").big_integer().not_null())
                .col(ColumnDef::new("confirmed").big_integer().not_null())
                .col(ColumnDef::new("cancelled_at").timestamp_with_time_zone().null())
                // The secret the door's QR code carries.
                .col(ColumnDef::new("check_token").string_len(64).not_null())
                .col(ColumnDef::new("reminded_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("organiser").string_len(64).not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_activity_community", "activity", &["community_id", "starts_at"], false),
        index("ix_activity_starts", "activity", &["starts_at"], false),
        Step::Table(
            Table::create()
                .table("activity_registration")
                .col(ColumnDef::new("activity_id").uuid().not_null())
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(64).not_null())
                .col(ColumnDef::new("seq").big_integer().not_null())
                // confirmed, waitlisted, cancelled.
                .col(ColumnDef::new("standing").string_len(16).not_null())
                .col(ColumnDef::new("registered_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("promoted_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("cancelled_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("checked_in_at").timestamp_with_time_zone().null())
                // qr (the resident scanned the door's code) or staff (ticked on the list).
                .col(ColumnDef::new("checked_in_how").string_len(16).null())
                .primary_key(Index::create().col("activity_id").col("account_id"))
                .to_owned(),
        ),
        index("ix_activity_registration_queue", "activity_registration", &["activity_id", "standing", "seq"], false),
        index("ix_activity_registration_account", "activity_registration", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("calendar_feed")
                .col(ColumnDef::new("account_id").uuid().not_null().primary_key())
                .col(ColumnDef::new("token").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ux_calendar_feed_token", "calendar_feed", &["token"], true),
    ]
}
