//! Events (诉求/事件): reports taken in, their workflow and the category tree.

pub mod category;
pub mod event;
pub(crate) mod intake;
