//! What users read: their in-app inbox, and the outbox of their communities.

use linli_store::notify::outbox::Notification;

use crate::app::access::auth::User;
use crate::app::registry::household::read_scope;
use crate::app::{App, Result};

impl App {
    /// The user's in-app inbox: what is addressed to their account, or to a
    /// role they hold on a region (`role:community_head@141102001002`).
    pub async fn inbox(&self, user: &User) -> Result<Vec<Notification>> {
        let mut to = vec![format!("account:{}", user.account.row.id)];
        for (role, code) in &user.account.grants {
            if let Some(code) = linli_store::registry::region::canonical_code(code) {
                to.push(format!("role:{}@{code}", role.as_str()));
            }
        }
        // A handler unit's members read what is sent to their unit.
        for unit in self.my_unit_ids(user).await? {
            to.push(format!("unit:{unit}"));
        }
        Ok(linli_store::notify::outbox::addressed_to(self.db(), &to, 100).await?)
    }

    /// The outbox of the user's communities, newest first.
    pub async fn outbox(&self, user: &User) -> Result<Vec<Notification>> {
        Ok(linli_store::notify::outbox::outbox(self.db(), &read_scope(user), 200).await?)
    }
}
