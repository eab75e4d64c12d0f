//! Notifications: the outbox every area writes to, and its delivery.

pub mod outbox;
