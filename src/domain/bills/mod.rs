//! What a bill charges, when it owes, and meter-reading sheets.

pub mod arrears;
pub mod bill;
pub mod meter_sheet;
