//! Community life (社区生活): what the service centre publishes and offers
//! residents beyond their records, bills and reports.

pub mod notice;
