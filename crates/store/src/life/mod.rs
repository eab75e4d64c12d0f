//! Community life: notices (通知公告) and, with them, what the service
//! centre offers residents beyond their records.

pub mod notice;
