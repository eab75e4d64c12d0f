//! A resident's own records are looked up by account on nearly every page
//! she opens (her household, bills, notices, activities); the link's key
//! starts with the community, so that look-up scanned every link.

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![index("ix_resident_link_account", "resident_link", &["account_id"], false)]
}
