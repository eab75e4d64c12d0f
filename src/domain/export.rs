//! Writing sheets that are safe to open: no cell runs as a formula.

/// Escapes a cell that a spreadsheet would read as a formula (`=`, `+`, `-`,
/// `@`, and tab or carriage return at the start) by prefixing a quote.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_never_run() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for t in ["+1", "-1+2", "@SUM(A1)", "\tx"] {
            assert!(cell(t).starts_with('\''), "{t:?}");
        }
        assert_eq!(cell("王丽娥"), "王丽娥");
        assert_eq!(cell("141102********0011"), "141102********0011");
    }
}
