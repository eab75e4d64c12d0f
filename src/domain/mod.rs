//! Types and rules with no I/O.

pub mod access;
pub mod bills;
pub mod centre;
pub mod events;
pub mod export;
pub mod life;
pub mod mediation;
pub mod money;
pub mod photo;
pub mod registry;
pub mod report;
pub mod services;
pub mod time;
