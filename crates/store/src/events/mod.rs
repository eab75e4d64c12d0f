//! Events (诉求/事件): the events, their timelines, categories and photos,
//! and the measures counted over them.

pub mod category;
pub mod event;
pub mod measure;
pub mod photo;
pub mod term;
pub mod timeline;
pub mod unit;
