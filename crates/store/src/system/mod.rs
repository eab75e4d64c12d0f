//! Running linli: backups of the embedded database.

pub mod backup;
