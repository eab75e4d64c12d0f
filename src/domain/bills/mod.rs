//! What a bill charges and meter-reading sheets.

pub mod bill;
pub mod meter_sheet;
