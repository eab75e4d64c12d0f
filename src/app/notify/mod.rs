//! Notifications: the outbox and its delivery (in-app, e-mail).

pub mod mail;
pub mod outbox;
