//! Events (诉求/事件): reports taken in, their workflow, deadlines, photos, what the public sees, the category tree and the measures.

pub mod address;
pub mod category;
pub mod deadline;
pub mod event;
pub(crate) mod intake;
pub mod list;
pub mod measures;
pub mod photo;
pub mod public;
pub mod rating;
pub mod report;
pub mod unit;
