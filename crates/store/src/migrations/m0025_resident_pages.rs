//! What the resident pages need: sign-in finds a registration by its phone
//! (to say it is waiting for verification).

use sea_query::Index;

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![Step::Index(Index::create().name("ix_registration_phone").table("registration").col("phone_hash").to_owned())]
}
