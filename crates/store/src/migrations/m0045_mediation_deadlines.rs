//! A case's deadline warnings, each sent once per due date (a case moved on
//! has a new one): to its keeper two days before, to the community head
//! once it has passed.

use sea_query::{ColumnDef, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter().table("mediation_case").add_column(ColumnDef::new("warned_for").date().null()).to_owned(),
        ),
        Step::Alter(
            Table::alter().table("mediation_case").add_column(ColumnDef::new("escalated_for").date().null()).to_owned(),
        ),
    ]
}
