//! A mediation session scheduled ahead in one of the centre's rooms: its
//! booking (场地预约), until the session is held and its minutes written.

use sea_query::{ColumnDef, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![Step::Alter(
        Table::alter().table("mediation_session").add_column(ColumnDef::new("booking_id").uuid().null()).to_owned(),
    )]
}
