//! Region codes as users type them: the types live in `linli_codes`
//! (crates/codes), below the domain and the store, so that both take them.

pub use linli_codes::{BadCode, CommunityCode, GridCode, RegionCode};
