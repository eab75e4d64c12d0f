//! The after-school class (四点半课堂): its term, the children enrolled by
//! their parents with the adults who may take them home, and each day's
//! arrival and sign-out.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("after_school")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("name").string_len(120).not_null())
                .col(ColumnDef::new("place").string_len(240).not_null())
                .col(ColumnDef::new("term_from").date().not_null())
                .col(ColumnDef::new("term_until").date().not_null())
                // Weekdays as bits (Monday is 1); start and end, minutes after midnight.
                .col(ColumnDef::new("days").big_integer().not_null())
                .col(ColumnDef::new("starts").big_integer().not_null())
                .col(ColumnDef::new("ends").big_integer().not_null())
                .col(ColumnDef::new("min_age").big_integer().not_null())
                .col(ColumnDef::new("max_age").big_integer().not_null())
                .col(ColumnDef::new("capacity").big_integer().not_null())
                // Children enrolled now (kept under the row's lock).
                .col(ColumnDef::new("enrolled").big_integer().not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_after_school_community", "after_school", &["community_id", "term_until"], false),
        Step::Table(
            Table::create()
                .table("after_school_child")
                .col(ColumnDef::new("class_id").uuid().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("household_id").uuid().not_null())
                .col(ColumnDef::new("child_name").string_len(64).not_null())
                // Who enrolled the child (a parent's account, or staff at the desk).
                .col(ColumnDef::new("enrolled_by").uuid().not_null())
                // The parent's account told when the child leaves.
                .col(ColumnDef::new("parent_account").uuid().null())
                // Adults who may take the child home, comma-separated.
                .col(ColumnDef::new("pickups").string_len(400).not_null())
                // enrolled or withdrawn.
                .col(ColumnDef::new("status").string_len(16).not_null())
                .col(ColumnDef::new("enrolled_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("class_id").col("person_id"))
                .to_owned(),
        ),
        index("ix_after_school_child_parent", "after_school_child", &["parent_account"], false),
        Step::Table(
            Table::create()
                .table("after_school_day")
                .col(ColumnDef::new("class_id").uuid().not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("person_id").uuid().not_null())
                .col(ColumnDef::new("arrived_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("left_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("picked_up_by").string_len(64).null())
                .col(ColumnDef::new("marked_by").string_len(64).not_null())
                .primary_key(Index::create().col("class_id").col("day").col("person_id"))
                .to_owned(),
        ),
    ]
}
