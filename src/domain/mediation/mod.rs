//! Mediation, petitions and the 科技法庭 (矛盾纠纷调解 / 信访工作站): a case's
//! workflow and deadlines, and the 三零 figures.

pub mod case;
pub mod zero;
