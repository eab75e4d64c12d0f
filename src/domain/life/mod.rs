//! Community life (社区生活): what the service centre publishes and offers
//! residents beyond their records, bills and reports.

pub mod activity;
pub mod audio;
pub mod class;
pub mod ical;
pub mod joint;
pub mod notice;
pub mod points;
pub mod room;
pub mod wish;
