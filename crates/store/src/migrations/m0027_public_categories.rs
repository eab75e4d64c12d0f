//! Categories whose requests anyone may list through Open311 without a key
//! (GeoReport v2: reading needs none): the street and the buildings' common
//! parts — 环境卫生, 设施报修, 违章搭建, 占道经营. Disputes, safety hazards,
//! property service, questions and the rest stay private.

use sea_query::{ColumnDef, Expr, ExprTrait, Query, Table};

use super::Step;

/// The default tree's categories listed publicly.
pub const PUBLIC: [&str; 12] = ["01", "0101", "0102", "02", "0201", "0202", "0203", "0204", "0205", "0206", "06", "07"];

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter()
                .table("event_category")
                .add_column(ColumnDef::new("public").boolean().not_null().default(false))
                .to_owned(),
        ),
        Step::Update(
            Query::update()
                .table("event_category")
                .value("public", true)
                .and_where(Expr::col("code").is_in(PUBLIC.iter().copied()))
                .to_owned(),
        ),
    ]
}
