//! Types and rules with no I/O.

pub mod region;
