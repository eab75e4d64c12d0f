//! Notifications: the inbox, the outbox and its delivery (in-app, e-mail).

pub mod inbox;
pub mod mail;
pub mod outbox;
