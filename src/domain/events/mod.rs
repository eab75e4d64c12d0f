//! The events workflow and the photos attached to reports.

pub mod event;
pub mod field;
pub mod routing;
