//! The registry (一标三实): regions and grids, buildings, houses and
//! households, people with their history, organisations and grid teams.

pub mod building;
pub mod history;
pub mod household;
pub mod load;
pub mod person;
pub mod place;
pub mod region;
pub mod search;
