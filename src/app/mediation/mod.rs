//! Mediation, petitions and the 科技法庭: cases kept by the community's
//! mediators, opened only by those taking part and the community head; and
//! the 三零 figures computed from what was recorded.

pub mod case;
pub mod zero;

use crate::app::access::account::covers;
use crate::app::access::auth::User;
use crate::domain::access::role::Role;

/// Whether the user registers and keeps cases in `community`: its staff
/// and head (the mediators work as community staff).
pub fn keeps_cases(user: &User, community: &str) -> bool {
    user.account
        .grants
        .iter()
        .any(|(r, c)| matches!(r, Role::CommunityStaff | Role::CommunityHead) && covers(c.as_str(), community))
}

/// The regions the user heads: every case file there is open to them.
pub fn headed(user: &User) -> Vec<String> {
    user.account
        .grants
        .iter()
        .filter(|(r, _)| *r == Role::CommunityHead)
        .map(|(_, c)| crate::app::access::account::significant_prefix(c.as_str()).to_owned())
        .collect()
}

/// Whether the user may see the cases at all (the navigation's test):
/// keepers, heads, grid workers (that cases exist) and handler units'
/// members (the police office's and the mediation committee's).
pub fn sees_cases(user: &User) -> bool {
    user.account.grants.iter().any(|(r, _)| {
        matches!(r, Role::CommunityStaff | Role::CommunityHead | Role::GridWorker | Role::Handler | Role::StreetAdmin)
    })
}
