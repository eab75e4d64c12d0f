//! The registry's values: building order, region codes, ID numbers and documents, phones, people's facts, places, search and residents' sheets.

pub mod building;
pub mod geo;
pub mod id_number;
pub mod identity;
pub mod person;
pub mod phone;
pub mod place;
pub mod region;
pub mod search;
pub mod sheet;
