//! Community life: notices (通知公告), rooms (场地), associations (协会) and
//! activities (活动) — what the service centre offers residents beyond
//! their records.

pub mod activity;
pub mod association;
pub mod class;
pub mod joint;
pub mod notice;
pub mod points;
pub mod room;
pub mod wish;

use sea_query::Cond;

/// Rows of `table` whose community lies under one of `prefixes` (a grid's
/// code counts as its community's): the scope every list here is read in.
pub(crate) fn under(table: &'static str, prefixes: &[String]) -> Cond {
    let mut c = Cond::any();
    for p in prefixes {
        let p = &p[..p.len().min(12)];
        c = c.add(crate::scope::starts_with((table, "community_id"), p, true));
    }
    c
}
