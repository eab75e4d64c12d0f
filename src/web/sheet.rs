//! A refused spreadsheet's bad rows, as the API reports them (the
//! residents' import and the meter readings' alike).

use crate::domain::registry::sheet::RowProblem;
use crate::web::i18n::Lang;

/// One bad row, worded in the asker's language.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ProblemJson {
    /// Line in the file, as a spreadsheet numbers it.
    pub line: usize,
    /// The column's header.
    pub column: String,
    /// What to fix, in the request's language (Chinese unless English is asked for).
    pub message: String,
}

impl ProblemJson {
    /// The bad rows in a language.
    pub fn all(problems: Vec<RowProblem>, lang: Lang) -> Vec<ProblemJson> {
        problems
            .into_iter()
            .map(|p| ProblemJson { message: lang.row_problem(&p.reason), line: p.line, column: p.column })
            .collect()
    }

    /// The bad rows as a workbook to fix the sheet by.
    pub fn xlsx(problems: &[ProblemJson]) -> Result<Vec<u8>, String> {
        crate::domain::registry::sheet::problems_xlsx(
            problems.iter().map(|p| (p.line, p.column.clone(), p.message.clone())),
        )
    }
}
