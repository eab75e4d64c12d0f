//! The notification outbox through the API.

pub mod outbox;
