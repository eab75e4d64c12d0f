//! The registry (一户一档): the region tree, places, buildings, households and people, imports and statistics.

pub mod building;
pub mod household;
pub mod import;
pub mod person;
pub mod place;
pub mod region;
pub mod stats;
