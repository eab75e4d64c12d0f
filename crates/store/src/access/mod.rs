//! Who may do what: accounts, grants, sessions and settings, API tokens,
//! rate limits, the audit log, residents' registrations and the links from
//! accounts to the people they are.

pub mod account;
pub mod audit;
pub mod limit;
pub mod registration;
pub mod resident;
pub mod token;
