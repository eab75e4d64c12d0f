//! Finding a person the ways staff at a counter do: by name, by pinyin
//! (initials `wle` or full `wanglie` for 王丽娥), by the whole ID number or
//! the name with its last 4 characters (`王丽娥 0011`), by phone or its last
//! 4, or by address (building and room). Parts of an ID number alone are
//! never searched: each answer would tell a digit of a hidden number.

use pinyin::ToPinyin;

use crate::domain::registry::sheet::clean;

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
    /// Four digits: the end of a phone (shown in its mask anyway).
    Tail4(String),
    /// A name (or its start) and the last four characters of the person's
    /// ID number: `王丽娥 0011`.
    NameIdTail {
        /// The name, or its start.
        name: String,
        /// The last four characters (digits, or three and an `X`).
        tail: String,
    },
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
    /// Digits that are neither an ID number, a phone nor a phone's tail.
    #[error("digits: give a whole ID or phone number, a phone's last 4, or a name with the ID's last 4")]
    Digits,
}

impl SearchProblem {
    /// What to tell a person, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            SearchProblem::TooShort => "请至少输入 2 个字，或 4 位数字。",
            SearchProblem::Digits => {
                "数字请输入完整的身份证号或手机号、手机号后 4 位，或“姓名 + 身份证后 4 位”（如 王丽娥 0011）。"
            }
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
            11 if compact.starts_with('1') => Ok(Wanted::Phone(compact)),
            18 => Ok(Wanted::IdNumber(compact)),
            0..=3 => Err(SearchProblem::TooShort),
            _ => Err(SearchProblem::Digits),
        };
    }
    if compact.len() == 18 && compact.as_bytes()[..17].iter().all(u8::is_ascii_digit) {
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
    if let Some(w) = name_and_tail(&compact) {
        return Ok(w);
    }
    // An address names a building (楼, 栋, 座, 号) or ends in a room number;
    // read with its dashes, so that the unit-room form linli prints
    // (`23号楼 2-102`) finds room 102, not a room 2102.
    let dashed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(at) = dashed.rfind(['楼', '栋', '座', '号']) {
        let (building, rest) = dashed.split_at(at + '楼'.len_utf8());
        let building: String = building.chars().filter(|c| *c != '-').collect();
        let rest = rest.trim_start_matches(['-', '#']);
        let room = rest.trim_end_matches(['室', '号']);
        let room = room.rsplit(['-', '单', '元']).next().unwrap_or(room);
        if rest.is_empty() || room.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Wanted::Address { building, room: (!room.is_empty()).then(|| room.to_owned()) });
        }
    }
    Ok(Wanted::Name(compact))
}

/// `王丽娥0011` or `王丽娥 001x`: a name of Chinese characters (none of
/// an address's 楼栋座号室单元) and an ID number's last four characters.
fn name_and_tail(compact: &str) -> Option<Wanted> {
    let split = compact.len().checked_sub(4)?;
    let (name, tail) = (compact.get(..split)?, compact.get(split..)?);
    let t = tail.as_bytes();
    let tail_ok = t[..3].iter().all(u8::is_ascii_digit) && (t[3].is_ascii_digit() || matches!(t[3], b'x' | b'X'));
    let name_ok = !name.is_empty()
        && name.chars().all(|c| !c.is_ascii() && !['楼', '栋', '座', '号', '室', '单', '元'].contains(&c));
    (tail_ok && name_ok).then(|| Wanted::NameIdTail { name: name.to_owned(), tail: tail.to_ascii_uppercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_bytes_of_anything_are_not_cut_inside_a_character() {
        // Found by schemathesis: 18 bytes, the last character astral, panicked.
        let odd = parse("¤qs½0}¬Ã\u{13}q\u{46bc1}");
        assert!(!matches!(odd, Ok(Wanted::IdNumber(_))), "{odd:?}");
        let astral_last = parse("14110219800101001\u{46bc1}");
        assert!(!matches!(astral_last, Ok(Wanted::IdNumber(_))), "{astral_last:?}");
    }

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
        assert_eq!(parse("５６７８"), Ok(Wanted::Tail4("5678".into())), "full-width digits");
        assert_eq!(
            parse("王丽娥 001x"),
            Ok(Wanted::NameIdTail { name: "王丽娥".into(), tail: "001X".into() }),
            "a name with the ID's last four"
        );
        assert_eq!(parse("王0011"), Ok(Wanted::NameIdTail { name: "王".into(), tail: "0011".into() }));
        assert_eq!(parse("3号楼 0011"), Ok(Wanted::Address { building: "3号楼".into(), room: Some("0011".into()) }));
        assert_eq!(parse("138-1234-5678"), Ok(Wanted::Phone("13812345678".into())));
        assert_eq!(parse("14110219560312024x"), Ok(Wanted::IdNumber("14110219560312024X".into())));
        assert_eq!(parse("3号楼 101"), Ok(Wanted::Address { building: "3号楼".into(), room: Some("101".into()) }));
        // As linli prints an address: unit-room.
        assert_eq!(parse("23号楼 2-102"), Ok(Wanted::Address { building: "23号楼".into(), room: Some("102".into()) }));
        assert_eq!(
            parse("交通路苑23号楼 2-102"),
            Ok(Wanted::Address { building: "交通路苑23号楼".into(), room: Some("102".into()) })
        );
        assert_eq!(
            parse("3号楼2单元101室"),
            Ok(Wanted::Address { building: "3号楼".into(), room: Some("101".into()) })
        );
        assert_eq!(parse("交通路小区12号楼"), Ok(Wanted::Address { building: "交通路小区12号楼".into(), room: None }));
        assert_eq!(parse("e12345678"), Ok(Wanted::Passport("E12345678".into())));
        assert_eq!(parse("王"), Err(SearchProblem::TooShort));
        assert_eq!(parse("123"), Err(SearchProblem::TooShort));
        assert_eq!(parse("12345678"), Err(SearchProblem::Digits));
        // Parts of an ID number are not searched: each answer would be a digit.
        for part in ["12345", "123456", "1411021956", "14110219560312"] {
            assert_eq!(parse(part), Err(SearchProblem::Digits), "{part}");
        }
    }
}
