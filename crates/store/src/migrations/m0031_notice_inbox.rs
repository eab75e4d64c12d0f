//! When a notice's readers were told in their inbox: a notice set for later
//! is delivered there when its time comes, claimed once.

use sea_query::{ColumnDef, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![Step::Alter(
        Table::alter()
            .table("notice")
            .add_column(ColumnDef::new("inboxed_at").timestamp_with_time_zone().null())
            .to_owned(),
    )]
}
