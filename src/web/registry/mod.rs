//! The registry on the web: people, households, the region tree, buildings' QR codes and the residents' import.

pub mod building;
pub mod households;
pub mod import;
pub mod people;
pub mod place;
