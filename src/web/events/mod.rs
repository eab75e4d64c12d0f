//! Events on the web: reports, the workflow, categories, measures and Open311.

pub mod category;
pub mod event;
pub mod measures;
pub mod open311;
pub mod report;
