//! Finding a person the ways staff at a counter do: by name, by pinyin
//! (initials `wle` or full `wanglie` for 王丽娥), by ID number or its last
//! 4–6 digits, by phone or its last 4, or by address (building and room).

use pinyin::ToPinyin;

use super::sheet::clean;

/// The keys a name is found by: full pinyin and initials, lower case,
/// without tones or spaces. Characters without a reading (rare ones beyond
/// the BMP such as 𠮷, or marks) are left out; Latin letters stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKeys {
    /// `wanglie`.
    pub pinyin: String,
    /// `wle`.
    pub initials: String,
}

/// The pinyin keys of a name.
pub fn name_keys(name: &str) -> NameKeys {
    let (mut pinyin, mut initials) = (String::new(), String::new());
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                pinyin.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_ascii_alphabetic() => {
                let c = c.to_ascii_lowercase();
                pinyin.push(c);
                initials.push(c);
            }
            None => {}
        }
    }
    // The columns hold 128 and 32 characters.
    pinyin.truncate(128);
    initials.truncate(32);
    NameKeys { pinyin, initials }
}

/// What a search text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A whole 18-character ID number.
    IdNumber(String),
    /// Four digits: the end of an ID number or of a phone.
    Tail4(String),
    /// Five or six digits: the end of an ID number.
    IdTail(String),
    /// An 11-digit mobile number.
    Phone(String),
    /// Letters and digits: a passport number.
    Passport(String),
    /// Letters: pinyin initials, or the start of the full pinyin.
    Pinyin(String),
    /// Chinese characters: a name, or its start.
    Name(String),
    /// A building (part of its name) and perhaps a room.
    Address {
        /// Part of the building's name, e.g. `3号楼`.
        building: String,
        /// Room, e.g. `101`.
        room: Option<String>,
    },
}

/// Why a search text is not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchProblem {
    /// Fewer than two characters (or three digits): too many would match.
    #[error("type at least 2 characters, or 4 digits")]
    TooShort,
    /// Digits that are neither an ID number, a phone nor a tail of either.
    #[error("digits: give the last 4–6 of an ID number, the last 4 of a phone, or a whole number")]
    Digits,
}

impl SearchProblem {
    /// What to tell a person, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            SearchProblem::TooShort => "请至少输入 2 个字，或 4 位数字。",
            SearchProblem::Digits => "数字请输入身份证号后 4–6 位、手机号后 4 位，或完整的号码。",
        }
    }
}

/// Reads what a person typed into the search box.
pub fn parse(text: &str) -> Result<Wanted, SearchProblem> {
    let t = clean(text);
    let compact: String = t.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if compact.chars().count() < 2 {
        return Err(SearchProblem::TooShort);
    }
    let digits = compact.bytes().all(|b| b.is_ascii_digit());
    if digits {
        return match compact.len() {
            4 => Ok(Wanted::Tail4(compact)),
            5 | 6 => Ok(Wanted::IdTail(compact)),
            11 if compact.starts_with('1') => Ok(Wanted::Phone(compact)),
            18 => Ok(Wanted::IdNumber(compact)),
            0..=3 => Err(SearchProblem::TooShort),
            _ => Err(SearchProblem::Digits),
        };
    }
    if compact.len() == 18 && compact[..17].bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Wanted::IdNumber(compact.to_ascii_uppercase()));
    }
    if compact.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(Wanted::Pinyin(compact.to_ascii_lowercase()));
    }
    if (5..=20).contains(&compact.len())
        && compact.bytes().all(|b| b.is_ascii_alphanumeric())
        && compact.bytes().any(|b| b.is_ascii_digit())
    {
        return Ok(Wanted::Passport(compact.to_ascii_uppercase()));
    }
    // An address names a building (楼, 栋, 座, 号) or ends in a room number.
    if let Some(at) = compact.rfind(['楼', '栋', '座', '号']) {
        let (building, rest) = compact.split_at(at + '楼'.len_utf8());
        let rest = rest.trim_start_matches(['-', '#']);
        let room = rest.trim_end_matches(['室', '号']);
        let room = room.rsplit(['-', '单', '元']).next().unwrap_or(room);
        if rest.is_empty() || room.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Wanted::Address {
                building: building.to_owned(),
                room: (!room.is_empty()).then(|| room.to_owned()),
            });
        }
    }
    Ok(Wanted::Name(compact))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_pinyin_and_initials() {
        assert_eq!(name_keys("王丽娥"), NameKeys { pinyin: "wanglie".into(), initials: "wle".into() });
        assert_eq!(name_keys("冯金保"), NameKeys { pinyin: "fengjinbao".into(), initials: "fjb".into() });
        // 𠮷 has no reading in the table: the rest still counts.
        assert_eq!(name_keys("𠮷祥").initials, "x");
        assert_eq!(name_keys("Anna李").pinyin, "annali");
    }

    #[test]
    fn each_kind_of_text_is_read_as_what_it_is() {
        assert_eq!(parse(" 王丽娥 "), Ok(Wanted::Name("王丽娥".into())));
        assert_eq!(parse("李四"), Ok(Wanted::Name("李四".into())), "a 2-character name");
        assert_eq!(parse("WLE"), Ok(Wanted::Pinyin("wle".into())));
        assert_eq!(parse("5678"), Ok(Wanted::Tail4("5678".into())));
        assert_eq!(parse("１２３４５６"), Ok(Wanted::IdTail("123456".into())), "full-width digits");
        assert_eq!(parse("138-1234-5678"), Ok(Wanted::Phone("13812345678".into())));
        assert_eq!(parse("14110219560312024x"), Ok(Wanted::IdNumber("14110219560312024X".into())));
        assert_eq!(parse("3号楼 101"), Ok(Wanted::Address { building: "3号楼".into(), room: Some("101".into()) }));
        assert_eq!(parse("交通路小区12号楼"), Ok(Wanted::Address { building: "交通路小区12号楼".into(), room: None }));
        assert_eq!(parse("e12345678"), Ok(Wanted::Passport("E12345678".into())));
        assert_eq!(parse("王"), Err(SearchProblem::TooShort));
        assert_eq!(parse("123"), Err(SearchProblem::TooShort));
        assert_eq!(parse("12345678"), Err(SearchProblem::Digits));
    }
}
