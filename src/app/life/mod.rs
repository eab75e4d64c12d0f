//! Community life (社区生活): notices and what the service centre offers
//! residents beyond their records, bills and reports.

pub mod notice;
