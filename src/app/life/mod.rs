//! Community life (社区生活): notices, rooms and their bookings,
//! associations and activities — what the service centre offers residents
//! beyond their records, bills and reports.

pub mod activity;
pub mod association;
pub mod class;
pub mod joint;
pub mod notice;
pub mod points;
pub mod room;
pub mod wish;

use linli_store::registry::person::PersonRow;

use crate::app::access::auth::User;
use crate::app::registry::household::read_scope;
use crate::app::{App, Result};
use crate::domain::registry::region::RegionCode;

/// Whether `user` runs the centre of `community`: its staff and head, the
/// street and district admins above it (those who publish notices there).
pub fn runs(user: &User, community: &str) -> bool {
    RegionCode::parse(community).is_ok_and(|r| notice::may_publish(user, &r))
}

/// The regions whose centres the user runs, as code prefixes.
pub fn centres(user: &User) -> Vec<String> {
    use crate::domain::access::role::Role;
    let mut out: Vec<String> = user
        .account
        .grants
        .iter()
        .filter(|(r, _)| {
            matches!(r, Role::CommunityStaff | Role::CommunityHead | Role::StreetAdmin | Role::DistrictAdmin)
        })
        .map(|(_, c)| crate::app::access::account::significant_prefix(c).to_owned())
        .filter(|p| p.len() <= 12)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether the user runs some centre.
pub fn runs_somewhere(user: &User) -> bool {
    notice::publishes(user)
}

impl App {
    /// The community codes under some prefixes.
    pub async fn community_codes_under(&self, prefixes: &[String]) -> Result<Vec<String>> {
        let rows = linli_store::registry::region::communities_in(self.db(), prefixes).await?;
        Ok(rows.into_iter().map(|r| r.code).collect())
    }

    /// The people the user's account is linked to, living (not moved out).
    pub(crate) async fn own_people(&self, user: &User) -> Result<Vec<PersonRow>> {
        let people = linli_store::access::resident::linked_people(self.db(), user.account.row.id).await?;
        Ok(people.into_iter().filter(|p| p.status == "active").collect())
    }

    /// The communities the user lives in.
    pub async fn own_people_communities(&self, user: &User) -> Result<Vec<String>> {
        Ok(self.own_people(user).await?.into_iter().map(|p| p.community_id).collect())
    }

    /// Where the user sees the centre's life: staff their scope, residents
    /// the communities they live in.
    pub(crate) async fn life_scope(&self, user: &User) -> Result<Vec<String>> {
        let mut scope = read_scope(user);
        for p in self.own_people(user).await? {
            scope.push(p.community_id);
        }
        scope.sort();
        scope.dedup();
        Ok(scope)
    }
}
