//! The extra fields a category asks a reporter for (Open311 attributes),
//! and on each event the values its report gave.

use sea_query::{ColumnDef, Expr, ExprTrait, Query, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        // JSON: the fields, in order (`domain::events::field::Field`).
        Step::Alter(
            Table::alter()
                .table("event_category")
                .add_column(ColumnDef::new("fields").text().not_null().default("[]"))
                .to_owned(),
        ),
        // JSON: the values by field code, when the report gave any.
        Step::Alter(Table::alter().table("event").add_column(ColumnDef::new("attributes").text().null()).to_owned()),
        // What the handlers of the default tree ask first, none required
        // (an admin makes a field required where the practice wants it).
        defaults("0201", WATER),
        defaults("0205", LIFT),
    ]
}

const WATER: &str = r#"[{"code":"place","name":"漏水位置","kind":"choice","choices":["户内","楼道","室外","地下室"]},{"code":"water_off","name":"是否已停水","kind":"choice","choices":["已停水","未停水"]}]"#;
const LIFT: &str = r#"[{"code":"trapped","name":"是否有人被困","kind":"choice","choices":["有人被困","无人被困"]},{"code":"lift_no","name":"电梯编号","kind":"text"}]"#;

fn defaults(code: &str, fields: &str) -> Step {
    Step::Update(
        Query::update()
            .table("event_category")
            .value("fields", fields)
            .and_where(Expr::col("code").eq(code))
            .and_where(Expr::col("fields").eq("[]"))
            .to_owned(),
    )
}
