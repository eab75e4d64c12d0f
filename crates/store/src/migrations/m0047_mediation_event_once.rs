//! An event becomes at most one mediation case, checked by the database so
//! that two staff registering it at once cannot both succeed.

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![index("ux_mediation_case_event", "mediation_case", &["community_id", "event_id"], true)]
}
