//! Events (诉求/事件): their categories, the events, and every step of each
//! one's timeline.

use sea_query::{ColumnDef, ForeignKey, Index, Query, Table};

use super::Step;

/// A category of the default tree: (code, parent code, name, who handles
/// it, deadline in hours, GB/T 30428 class: 事件 or 部件).
pub type Category = (&'static str, Option<&'static str>, &'static str, &'static str, u32, &'static str);

/// The categories a new community starts with.
pub const DEFAULT_CATEGORIES: [Category; 22] = [
    ("01", None, "环境卫生", "community_staff", 24, "事件"),
    ("0101", Some("01"), "垃圾清运", "community_staff", 24, "事件"),
    ("0102", Some("01"), "楼道堆物", "community_staff", 48, "事件"),
    ("02", None, "设施报修", "property", 48, "部件"),
    ("0201", Some("02"), "供水", "property", 24, "部件"),
    ("0202", Some("02"), "供电", "property", 24, "部件"),
    ("0203", Some("02"), "燃气", "property", 4, "部件"),
    ("0204", Some("02"), "供暖", "property", 24, "部件"),
    ("0205", Some("02"), "电梯", "property", 12, "部件"),
    ("0206", Some("02"), "路灯", "community_staff", 72, "部件"),
    ("03", None, "安全隐患", "police_office", 12, "事件"),
    ("04", None, "邻里纠纷", "mediation", 72, "事件"),
    ("05", None, "噪音扰民", "community_staff", 24, "事件"),
    ("06", None, "违章搭建", "street_enforcement", 120, "事件"),
    ("07", None, "占道经营", "street_enforcement", 48, "事件"),
    ("08", None, "物业服务", "property", 72, "事件"),
    ("09", None, "政策咨询", "community_staff", 48, "事件"),
    ("10", None, "其他", "community_staff", 72, "事件"),
    ("0301", Some("03"), "消防通道堵塞", "police_office", 6, "事件"),
    ("0302", Some("03"), "电动车楼道充电", "police_office", 12, "事件"),
    ("0401", Some("04"), "漏水纠纷", "mediation", 72, "事件"),
    ("0402", Some("04"), "宠物扰邻", "mediation", 72, "事件"),
];

pub(super) fn steps() -> Vec<Step> {
    let categories = &DEFAULT_CATEGORIES;
    let mut insert = Query::insert()
        .into_table("event_category")
        .columns(["code", "parent_code", "name", "handler", "deadline_hours", "class", "active"])
        .to_owned();
    for (code, parent, name, handler, hours, class) in categories {
        insert.values_panic([
            (*code).into(),
            parent.map(str::to_owned).into(),
            (*name).into(),
            (*handler).into(),
            i64::from(*hours).into(),
            (*class).into(),
            true.into(),
        ]);
    }
    vec![
        Step::Table(
            Table::create()
                .table("event_category")
                .col(ColumnDef::new("code").string_len(16).not_null().primary_key())
                .col(ColumnDef::new("parent_code").string_len(16).null())
                .col(ColumnDef::new("name").string_len(32).not_null())
                // Who handles it: a role or a department key.
                .col(ColumnDef::new("handler").string_len(32).not_null())
                .col(ColumnDef::new("deadline_hours").big_integer().not_null())
                // GB/T 30428: 事件 or 部件.
                .col(ColumnDef::new("class").string_len(8).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .to_owned(),
        ),
        Step::Insert(insert),
        Step::Table(
            Table::create()
                .table("event")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // The tracking code a reporter follows it by.
                .col(ColumnDef::new("code").string_len(16).not_null())
                .col(ColumnDef::new("category_code").string_len(16).not_null())
                .col(ColumnDef::new("state").string_len(24).not_null())
                // phone, qr, open311, patrol, counter, kiosk
                .col(ColumnDef::new("source").string_len(16).not_null())
                .col(ColumnDef::new("grid_code").string_len(18).null())
                .col(ColumnDef::new("building_id").uuid().null())
                .col(ColumnDef::new("text").text().not_null())
                .col(ColumnDef::new("reporter_name").string_len(32).not_null())
                .col(ColumnDef::new("reporter_phone_sealed").string().null())
                .col(ColumnDef::new("reporter_account").uuid().null())
                .col(ColumnDef::new("handler").string_len(64).null())
                .col(ColumnDef::new("deadline_from").timestamp_with_time_zone().null())
                .col(ColumnDef::new("deadline_hours").big_integer().null())
                .col(ColumnDef::new("rework").big_integer().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_event_category")
                        .from("event", "category_code")
                        .to("event_category", "code"),
                )
                .to_owned(),
        ),
        Step::Index(Index::create().name("ux_event_code").table("event").col("code").unique().to_owned()),
        Step::Index(Index::create().name("ix_event_state").table("event").col("community_id").col("state").to_owned()),
        Step::Table(
            Table::create()
                .table("event_step")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("event_id").uuid().not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("actor").string().not_null())
                .col(ColumnDef::new("action").string_len(16).not_null())
                .col(ColumnDef::new("from_state").string_len(24).null())
                .col(ColumnDef::new("to_state").string_len(24).not_null())
                .col(ColumnDef::new("note").text().null())
                // Whether the reporter sees it when following the event.
                .col(ColumnDef::new("public").boolean().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        Step::Index(
            Index::create()
                .name("ix_event_step_event")
                .table("event_step")
                .col("community_id")
                .col("event_id")
                .to_owned(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tree_is_whole() {
        let codes: std::collections::HashSet<&str> = DEFAULT_CATEGORIES.iter().map(|c| c.0).collect();
        assert_eq!(codes.len(), DEFAULT_CATEGORIES.len(), "codes are unique");
        for (code, parent, name, _, hours, class) in DEFAULT_CATEGORIES {
            if let Some(p) = parent {
                assert!(codes.contains(p) && code.starts_with(p), "{name}: parent {p}");
            }
            assert!(hours > 0 && ["事件", "部件"].contains(&class));
        }
        let top: Vec<&str> = DEFAULT_CATEGORIES.iter().filter(|c| c.1.is_none()).map(|c| c.2).collect();
        for needed in [
            "环境卫生",
            "设施报修",
            "安全隐患",
            "邻里纠纷",
            "噪音扰民",
            "违章搭建",
            "占道经营",
            "物业服务",
            "政策咨询",
            "其他",
        ] {
            assert!(top.contains(&needed), "{needed}");
        }
    }
}
