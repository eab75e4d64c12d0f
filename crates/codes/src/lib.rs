//! Region, community and grid codes, parsed once where they come in (a web
//! handler, the command line, an imported file) and passed on typed, so
//! that the layers below never see a code they have to check again.
//!
//! The codes are those of the statistical division tree (统计用区划代码):
//! 2-digit provinces, 4-digit cities, 6-digit districts, 9-digit streets
//! and 12-digit communities (村/居委会), all kept padded to 12 digits; a
//! community's grids (三级网格) add 3 digits (15), their sub-grids (四级网格)
//! 3 more (18). This crate depends on nothing of linli's, so that the
//! domain and the store can both take its types.

use std::fmt;

/// Why a text is not the code it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadCode {
    /// Not a code of the division tree.
    #[error("a region code has 2, 4, 6, 9 or 12 digits (15 for a grid, 18 for a sub-grid)")]
    Region,
    /// Not a community's 12-digit code.
    #[error("a community code has 12 digits, the last three not 000")]
    Community,
    /// Not a grid's 15- or sub-grid's 18-digit code.
    #[error("a grid code has 15 digits (18 for a sub-grid) and starts with its community's code")]
    Grid,
}

/// The text with surrounding space removed and full-width digits made ASCII.
fn ascii(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

/// Pads a 2-, 4-, 6-, 9- or 12-digit division code to the canonical 12
/// digits; grid (15) and sub-grid (18) codes stay as they are.
pub fn canonical(code: &str) -> Option<String> {
    let code = code.trim();
    if !matches!(code.len(), 2 | 4 | 6 | 9 | 12 | 15 | 18) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(if code.len() > 12 { code.to_owned() } else { format!("{code:0<12}") })
}

/// Whether a 12-digit canonical code is a community's (村/居委会 level: the
/// last three digits are not 000).
fn is_community(code: &str) -> bool {
    code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()) && !code.ends_with("000")
}

macro_rules! code_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The code's digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The code's digits, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = BadCode;
            fn from_str(text: &str) -> Result<Self, BadCode> {
                $name::parse(text)
            }
        }
    };
}

code_type! {
    /// A code of any node of the division tree, normalised to 12 digits
    /// (`14` → `140000000000`, `141102002006` stays), or a grid's 15 and a
    /// sub-grid's 18 digits as they are.
    RegionCode
}

code_type! {
    /// A community's 12-digit code (村/居委会 level).
    CommunityCode
}

code_type! {
    /// A grid's 15-digit code or a sub-grid's 18: its community's code and 3
    /// digits per level.
    GridCode
}

impl RegionCode {
    /// Parses 2-, 4-, 6-, 9-, 12-, 15- or 18-digit codes; full-width digits
    /// and surrounding space are accepted.
    pub fn parse(text: &str) -> Result<RegionCode, BadCode> {
        canonical(&ascii(text)).map(RegionCode).ok_or(BadCode::Region)
    }

    /// The community this code is, or lies in, if it is at community level or below.
    pub fn community(&self) -> Option<CommunityCode> {
        let c = self.0.get(..12)?;
        is_community(c).then(|| CommunityCode(c.to_owned()))
    }

    /// The community this code is, if it is one (not a grid in it).
    pub fn as_community(&self) -> Option<CommunityCode> {
        is_community(&self.0).then(|| CommunityCode(self.0.clone()))
    }

    /// The grid or sub-grid this code is, if it is one.
    pub fn as_grid(&self) -> Option<GridCode> {
        GridCode::parse(&self.0).ok()
    }

    /// The significant prefix: the code without the trailing `000` groups
    /// of its padding (`141102000000` → `141102`), what lies under it starts
    /// with; a community's or grid's code is its own.
    pub fn prefix(&self) -> &str {
        let c = self.0.as_str();
        [2, 4, 6, 9].into_iter().find(|&len| c[len..].bytes().all(|b| b == b'0')).map_or(c, |len| &c[..len])
    }
}

impl CommunityCode {
    /// Parses a community's 12 digits; full-width digits and surrounding
    /// space are accepted.
    pub fn parse(text: &str) -> Result<CommunityCode, BadCode> {
        let code = ascii(text);
        if is_community(&code) { Ok(CommunityCode(code)) } else { Err(BadCode::Community) }
    }

    /// The same code as a region of the tree.
    pub fn region(&self) -> RegionCode {
        RegionCode(self.0.clone())
    }

    /// Its grid numbered `number` (1 to 999): the community's code and 3 digits.
    pub fn grid(&self, number: u16) -> Option<GridCode> {
        (1..=999).contains(&number).then(|| GridCode(format!("{}{number:03}", self.0)))
    }
}

impl GridCode {
    /// Parses a grid's 15 or a sub-grid's 18 digits whose first 12 are a
    /// community's; full-width digits and surrounding space are accepted.
    pub fn parse(text: &str) -> Result<GridCode, BadCode> {
        let code = ascii(text);
        let digits = code.bytes().all(|b| b.is_ascii_digit());
        if digits && matches!(code.len(), 15 | 18) && is_community(&code[..12]) {
            Ok(GridCode(code))
        } else {
            Err(BadCode::Grid)
        }
    }

    /// The community the grid belongs to.
    pub fn community(&self) -> CommunityCode {
        CommunityCode(self.0[..12].to_owned())
    }

    /// Whether it lies in `community`.
    pub fn is_in(&self, community: &CommunityCode) -> bool {
        self.0.starts_with(community.as_str())
    }

    /// Its sub-grid numbered `number` (1 to 999), if it is a grid (not a sub-grid itself).
    pub fn sub_grid(&self, number: u16) -> Option<GridCode> {
        (!self.is_sub_grid() && (1..=999).contains(&number)).then(|| GridCode(format!("{}{number:03}", self.0)))
    }

    /// Whether it is a sub-grid (四级网格, 18 digits).
    pub fn is_sub_grid(&self) -> bool {
        self.0.len() == 18
    }

    /// The same code as a region of the tree.
    pub fn region(&self) -> RegionCode {
        RegionCode(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_are_padded_and_full_width_digits_accepted() {
        assert_eq!(RegionCode::parse("141102").unwrap().as_str(), "141102000000");
        assert_eq!(RegionCode::parse("１４１１０２００２００６").unwrap().as_str(), "141102002006");
        assert_eq!(RegionCode::parse(" 14 ").unwrap().as_str(), "140000000000");
        assert_eq!(RegionCode::parse("141102002006001").unwrap().as_str(), "141102002006001");
        assert_eq!(RegionCode::parse("141102002006001002").unwrap().as_str(), "141102002006001002");
    }

    #[test]
    fn region_codes_of_other_lengths_are_refused() {
        for bad in ["", "1", "1411020", "14110200200x", "1411020020061", "1411020020060012", "交通路"] {
            assert_eq!(RegionCode::parse(bad), Err(BadCode::Region), "{bad:?}");
        }
    }

    #[test]
    fn community_codes_have_twelve_digits_of_a_community() {
        assert_eq!(CommunityCode::parse("１４１１０２００２００６ ").unwrap().as_str(), "141102002006");
        // Padding is for regions: a community is always written out.
        for bad in ["141102", "141102002", "141102002000", "14110200200", "1411020020061", "14110200200６x", ""] {
            assert_eq!(CommunityCode::parse(bad), Err(BadCode::Community), "{bad:?}");
        }
        assert_eq!(RegionCode::parse("141102002006").unwrap().community().unwrap().as_str(), "141102002006");
        assert_eq!(RegionCode::parse("141102002").unwrap().community(), None);
    }

    #[test]
    fn grid_codes_start_with_their_community() {
        let g = GridCode::parse("１４１１０２００２００６００１").unwrap();
        assert_eq!(g.as_str(), "141102002006001");
        assert!(!g.is_sub_grid());
        assert_eq!(g.community().as_str(), "141102002006");
        assert!(g.is_in(&CommunityCode::parse("141102002006").unwrap()));
        assert!(!g.is_in(&CommunityCode::parse("141102002007").unwrap()));
        assert!(GridCode::parse("141102002006001002").unwrap().is_sub_grid());
        for bad in [
            "141102002006",
            "1411020020060",
            "14110200200600",
            "1411020020060012",
            "141102002000001",
            "14110200200600x",
        ] {
            assert_eq!(GridCode::parse(bad), Err(BadCode::Grid), "{bad:?}");
        }
    }

    #[test]
    fn a_region_code_says_whether_it_is_a_community_or_a_grid() {
        let community = RegionCode::parse("141102002006").unwrap();
        assert_eq!(community.as_community().unwrap().as_str(), "141102002006");
        assert_eq!(community.as_grid(), None);
        let grid = RegionCode::parse("141102002006001").unwrap();
        assert_eq!(grid.as_community(), None);
        assert_eq!(grid.as_grid().unwrap().as_str(), "141102002006001");
        assert_eq!(RegionCode::parse("141102002").unwrap().as_community(), None);
        assert_eq!(RegionCode::parse("141102002000001").unwrap().as_grid(), None);
    }

    #[test]
    fn the_prefix_drops_the_padding_only() {
        for (code, prefix) in [
            ("14", "14"),
            ("1411", "1411"),
            ("141102", "141102"),
            ("141102002", "141102002"),
            ("141102002006", "141102002006"),
            ("141102002006001", "141102002006001"),
            ("141100", "1411"),
        ] {
            assert_eq!(RegionCode::parse(code).unwrap().prefix(), prefix, "{code}");
        }
    }

    #[test]
    fn grids_are_numbered_in_their_parent() {
        let c = CommunityCode::parse("141102002006").unwrap();
        assert_eq!(c.grid(7).unwrap().as_str(), "141102002006007");
        assert_eq!(c.grid(0), None);
        assert_eq!(c.grid(1000), None);
        let g = c.grid(1).unwrap();
        assert_eq!(g.sub_grid(12).unwrap().as_str(), "141102002006001012");
        assert_eq!(g.sub_grid(12).unwrap().sub_grid(1), None);
    }

    #[test]
    fn canonical_pads_divisions_and_keeps_grids() {
        assert_eq!(canonical("14").as_deref(), Some("140000000000"));
        assert_eq!(canonical("141102002006001").as_deref(), Some("141102002006001"));
        assert_eq!(canonical("1411020").as_deref(), None);
    }
}
