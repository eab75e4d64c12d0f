//! Mediation, petitions and the 科技法庭 (矛盾纠纷调解 / 信访工作站): a case's
//! workflow and deadlines. (Issue 22's first step: the store, pages and
//! 三零 figures build on it.)

pub mod case;
