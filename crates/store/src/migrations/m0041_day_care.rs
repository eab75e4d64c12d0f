//! Elderly day care (日间照料中心): elders enrolled from the registry with
//! their diets, allergies and emergency contacts; each meal's price and
//! booking cut-off; the weekly menu by day, meal and course; meal bookings;
//! and the day's attendance (arrived, left, picked up by whom).

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("daycare_elder")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                // The name as enrolled, for the kitchen's and the counter's lists.
                .col(ColumnDef::new("name").string_len(40).not_null())
                // Diet codes, comma separated (diabetic,soft,low_salt).
                .col(ColumnDef::new("diets").string_len(60).not_null())
                .col(ColumnDef::new("allergies").string_len(200).not_null())
                .col(ColumnDef::new("notes").string_len(500).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("enrolled_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_daycare_elder_person", "daycare_elder", &["community_id", "person_id"], true),
        index("ix_daycare_elder_id", "daycare_elder", &["id"], false),
        Step::Table(
            Table::create()
                .table("daycare_contact")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("elder_id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(40).not_null())
                .col(ColumnDef::new("relation").string_len(20).not_null())
                .col(ColumnDef::new("phone_sealed").text().not_null())
                .col(ColumnDef::new("phone_masked").string_len(20).not_null())
                // Keyed hash: a family member's account is found by its phone.
                .col(ColumnDef::new("phone_hash").string_len(64).not_null())
                // The family member's account, once staff have linked it:
                // only then may they book (a phone typed at sign-up is unproven).
                .col(ColumnDef::new("account_id").uuid().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_daycare_contact_elder", "daycare_contact", &["community_id", "elder_id"], false),
        index("ix_daycare_contact_phone", "daycare_contact", &["phone_hash"], false),
        index("ix_daycare_contact_account", "daycare_contact", &["account_id"], false),
        Step::Table(
            Table::create()
                .table("daycare_meal")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("meal").string_len(12).not_null())
                .col(ColumnDef::new("price").big_integer().not_null())
                // Minutes from the meal day's midnight (negative: the day before).
                .col(ColumnDef::new("cutoff_minutes").integer().not_null())
                .primary_key(Index::create().col("community_id").col("meal"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("daycare_week")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("monday").date().not_null())
                .col(ColumnDef::new("published_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("published_by").string_len(60).null())
                .primary_key(Index::create().col("community_id").col("monday"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("daycare_dish")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("meal").string_len(12).not_null())
                .col(ColumnDef::new("course").string_len(12).not_null())
                // The course's dishes, separated by 、.
                .col(ColumnDef::new("names").string_len(200).not_null())
                .primary_key(Index::create().col("community_id").col("day").col("meal").col("course"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("daycare_booking")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("elder_id").uuid().not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("meal").string_len(12).not_null())
                .col(ColumnDef::new("booked_by").uuid().not_null())
                // self, family or staff.
                .col(ColumnDef::new("booked_as").string_len(8).not_null())
                // Fen, the meal's price when booked: what the month's bill charges.
                .col(ColumnDef::new("price").big_integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("elder_id").col("day").col("meal"))
                .to_owned(),
        ),
        index("ix_daycare_booking_day", "daycare_booking", &["community_id", "day"], false),
        Step::Table(
            Table::create()
                .table("daycare_attendance")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("elder_id").uuid().not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("arrived_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("left_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("picked_up_by").string_len(40).null())
                .col(ColumnDef::new("recorded_by").string_len(60).not_null())
                .primary_key(Index::create().col("community_id").col("elder_id").col("day"))
                .to_owned(),
        ),
        index("ix_daycare_attendance_day", "daycare_attendance", &["community_id", "day"], false),
    ]
}
