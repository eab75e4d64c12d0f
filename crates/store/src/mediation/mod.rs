//! Mediation and petitions: cases, their parties, sessions and steps; and
//! the incidents recorded against 三零.

pub mod case;
pub mod zero;
