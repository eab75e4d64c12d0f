//! The 三清单 of the 党建联席会议: needs, resources and projects, and the
//! meetings with the member units present and their rotating chair.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("joint_need")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("title").string_len(160).not_null())
                .col(ColumnDef::new("detail").text().not_null())
                // typed, or where it came from: wish:ID.
                .col(ColumnDef::new("source").string_len(64).not_null())
                // open, taken, project, met, dropped.
                .col(ColumnDef::new("status").string_len(16).not_null())
                // Who took it on (领办): a party member (volunteer) or a member unit.
                .col(ColumnDef::new("taken_by").string_len(120).null())
                .col(ColumnDef::new("taken_volunteer_id").uuid().null())
                .col(ColumnDef::new("taken_unit_id").uuid().null())
                .col(ColumnDef::new("taken_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("done_note").string_len(400).null())
                .col(ColumnDef::new("done_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_joint_need_community", "joint_need", &["community_id", "status", "created_at"], false),
        index("ix_joint_need_source", "joint_need", &["community_id", "source"], false),
        index("ix_joint_need_volunteer", "joint_need", &["taken_volunteer_id"], false),
        Step::Table(
            Table::create()
                .table("joint_resource")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                // room, skill, money, people, goods.
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("title").string_len(160).not_null())
                .col(ColumnDef::new("detail").text().not_null())
                .col(ColumnDef::new("unit_id").uuid().null())
                .col(ColumnDef::new("volunteer_id").uuid().null())
                .col(ColumnDef::new("offered_by").string_len(120).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_joint_resource_community", "joint_resource", &["community_id", "created_at"], false),
        Step::Table(
            Table::create()
                .table("joint_meeting")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("held_on").date().not_null())
                .col(ColumnDef::new("place").string_len(160).not_null())
                .col(ColumnDef::new("chair_unit_id").uuid().null())
                .col(ColumnDef::new("chair_name").string_len(120).not_null())
                // The open needs when it was called, one a line.
                .col(ColumnDef::new("agenda").text().not_null())
                .col(ColumnDef::new("minutes").text().not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_joint_meeting_community", "joint_meeting", &["community_id", "held_on"], false),
        Step::Table(
            Table::create()
                .table("joint_meeting_unit")
                .col(ColumnDef::new("meeting_id").uuid().not_null())
                .col(ColumnDef::new("unit_id").uuid().not_null())
                .col(ColumnDef::new("name").string_len(120).not_null())
                .primary_key(Index::create().col("meeting_id").col("unit_id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("joint_project")
                .col(ColumnDef::new("id").uuid().not_null().primary_key())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("need_id").uuid().not_null())
                .col(ColumnDef::new("meeting_id").uuid().null())
                .col(ColumnDef::new("title").string_len(160).not_null())
                .col(ColumnDef::new("owner_unit_id").uuid().not_null())
                .col(ColumnDef::new("owner_name").string_len(120).not_null())
                .col(ColumnDef::new("plan").text().not_null())
                .col(ColumnDef::new("deadline").date().not_null())
                // 0–100, forward only.
                .col(ColumnDef::new("progress").big_integer().not_null())
                .col(ColumnDef::new("progress_note").string_len(400).not_null())
                .col(ColumnDef::new("created_by").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
        index("ix_joint_project_community", "joint_project", &["community_id", "created_at"], false),
        index("ix_joint_project_meeting", "joint_project", &["meeting_id"], false),
        Step::Table(
            Table::create()
                .table("joint_project_resource")
                .col(ColumnDef::new("project_id").uuid().not_null())
                .col(ColumnDef::new("resource_id").uuid().not_null())
                .primary_key(Index::create().col("project_id").col("resource_id"))
                .to_owned(),
        ),
    ]
}
