//! Region codes as users type them.

use std::fmt;

/// A statistical division code, normalised to 12 digits
/// (`14` → `140000000000`, `141102002006` stays).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegionCode(String);

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a region code has 2, 4, 6, 9 or 12 digits (15 for a grid, 18 for a sub-grid)")]
pub struct BadRegionCode;

impl RegionCode {
    /// Parses 2-, 4-, 6-, 9- or 12-digit codes; full-width digits are accepted.
    pub fn parse(text: &str) -> Result<RegionCode, BadRegionCode> {
        let ascii: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        linli_store::registry::region::canonical_code(&ascii).map(RegionCode).ok_or(BadRegionCode)
    }

    /// The 12-digit form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_full_width_and_padded_codes() {
        assert_eq!(RegionCode::parse("141102").unwrap().as_str(), "141102000000");
        assert_eq!(RegionCode::parse("１４１１０２００２００６").unwrap().as_str(), "141102002006");
        assert_eq!(RegionCode::parse(" 14 ").unwrap().as_str(), "140000000000");
    }

    #[test]
    fn refuses_what_is_not_a_code() {
        for bad in ["", "1", "1411020", "14110200200x", "1411020020061", "1411020020060012", "交通路"] {
            assert_eq!(RegionCode::parse(bad), Err(BadRegionCode), "{bad:?}");
        }
    }
}
