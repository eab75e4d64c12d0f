//! Running linli: backup and restore, the secret key and its rotation, server-wide bounds on costly work, group commit.

pub mod backup;
pub(crate) mod batch;
pub mod gate;
pub mod keys;
pub mod pending;
pub mod rotation;
