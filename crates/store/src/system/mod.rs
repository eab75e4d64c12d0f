//! Running linli: backups of the embedded database, and the sealed values a
//! key rotation seals again.

pub mod backup;
pub mod sealed;
