//! Grid service and governance teams (网格服务治理团队): the people of
//! several roles who work a grid together ("八位一体").

use sea_query::{ColumnDef, Index, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("grid_team_member")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("grid_code").string_len(18).not_null())
                // 网格长, 专职网格员, 社区民警, 法律顾问 …
                .col(ColumnDef::new("role").string_len(16).not_null())
                .col(ColumnDef::new("name").string_len(32).not_null())
                .col(ColumnDef::new("phone").string_len(20).not_null())
                // Members leave a team; they are not deleted.
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(Index::create().name("ix_team_grid").table("grid_team_member").col("grid_code").to_owned()),
    ]
}
