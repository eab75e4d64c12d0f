//! A refused spreadsheet's bad rows, as the API reports them (the
//! residents' import and the meter readings' alike).

/// One bad row.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProblemJson {
    /// Line in the file, as a spreadsheet numbers it.
    pub line: usize,
    /// The column's header.
    pub column: String,
    /// What to fix (Chinese).
    pub message: String,
}
