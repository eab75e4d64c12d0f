//! Resident ID numbers (公民身份号码, GB 11643-1999): 6-digit area code,
//! 8-digit birth date, 3-digit sequence (odd for men), and a check digit.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A checked 18-character ID number (upper-case `X` as check digit).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

/// Sex as the ID number encodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// 男: odd sequence digit.
    Male,
    /// 女: even sequence digit.
    Female,
}

/// Why a text is not an ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdProblem {
    /// Not 18 characters (or 15 for the old format, which we do not accept).
    #[error("an ID number has 18 characters")]
    WrongLength,
    /// Characters other than digits and a final X.
    #[error("only digits, and X as the last character")]
    NotDigits,
    /// Excel turned it into a number (`4.11102E+17`) or zeroed its last digits.
    #[error("the spreadsheet stored the ID number as a number; format the column as text and re-enter it")]
    SpreadsheetNumber,
    /// The birth date is not a real date, or in the future.
    #[error("the birth date inside it is not a real date")]
    BadBirthDate,
    /// The check digit does not match: a typo somewhere.
    #[error("the check digit does not match: a digit is mistyped")]
    BadChecksum,
}

impl IdProblem {
    /// What to tell a person, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            IdProblem::WrongLength => "身份证号应为 18 位。",
            IdProblem::NotDigits => "身份证号只能是数字，最后一位可以是 X。",
            IdProblem::SpreadsheetNumber => {
                "身份证号被表格软件当成了数字（如 4.11102E+17 或末三位变成 000）。请把该列设置为“文本”格式后重新录入。"
            }
            IdProblem::BadBirthDate => "身份证号中的出生日期不是有效日期。",
            IdProblem::BadChecksum => "身份证号校验位不对，可能有数字录错了，请核对。",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check digit of the first 17 digits (ISO 7064 MOD 11-2).
pub fn check_digit(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

impl IdNumber {
    /// Parses what people type or sheets hold: spaces and full-width
    /// characters are tolerated, `x` becomes `X`; `today` bounds the birth date.
    pub fn parse(text: &str, today: NaiveDate) -> Result<IdNumber, IdProblem> {
        let t: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                'ｘ' | 'Ｘ' | 'x' => 'X',
                c => c,
            })
            .collect();
        if t.contains(['E', 'e', '+']) || (t.contains('.') && t.chars().filter(|c| c.is_ascii_digit()).count() > 5) {
            return Err(IdProblem::SpreadsheetNumber);
        }
        if t.chars().count() != 18 {
            return Err(IdProblem::WrongLength);
        }
        let b = t.as_bytes();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdProblem::NotDigits);
        }
        let birth = NaiveDate::parse_from_str(&t[6..14], "%Y%m%d").map_err(|_| IdProblem::BadBirthDate)?;
        if birth > today || birth.year_ce().1 < 1880 {
            return Err(IdProblem::BadBirthDate);
        }
        if check_digit(&b[..17]) != b[17] as char {
            // Excel keeps 15 significant digits: the rest come back as zeros.
            return Err(if t.ends_with("000") { IdProblem::SpreadsheetNumber } else { IdProblem::BadChecksum });
        }
        Ok(IdNumber(t))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date it encodes.
    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("checked at parse")
    }

    /// The sex it encodes.
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female }
    }

    /// Age in whole years on a day.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        let birth = self.birth_date();
        day.years_since(birth).unwrap_or(0)
    }

    /// The area code of registration (first six digits).
    pub fn area_code(&self) -> &str {
        &self.0[..6]
    }

    /// The month of birth (its first day): what is stored in clear. The
    /// day stays inside the sealed number.
    pub fn birth_month(&self) -> NaiveDate {
        month_of(self.birth_date())
    }

    /// Masked for display and storage: the area code only,
    /// `141102************`. Nothing more may show: the birth month and
    /// sex are stored in clear, and with the last four characters too the
    /// number would be one of a handful (see [`MASK_KEEPS`]).
    pub fn masked(&self) -> String {
        format!("{}{}", &self.0[..MASK_KEEPS], "*".repeat(18 - MASK_KEEPS))
    }

    /// The last four characters: searched by (keyed-hashed) together with a
    /// name, never stored or shown in clear.
    pub fn tail4(&self) -> &str {
        &self.0[14..]
    }
}

/// How many leading characters a masked ID number keeps: the 6-digit area
/// code. What is in clear about a person is then the area code, the year and
/// month of birth, and the sex; the birth day (28–31 choices) and the
/// sequence (500 of one sex) stay hidden, so at least 28 × 500 = 14,000
/// valid numbers fit what is stored (the check digit follows from the rest
/// and narrows nothing). Keeping the last four as well would leave only the
/// day: about 3 numbers pass the checksum.
pub const MASK_KEEPS: usize = 6;

/// The first day of a date's month: a birth date as stored in clear.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// How many valid numbers fit what an attacker reads in clear: a mask (`*`
/// for hidden characters; a hidden area code is taken as `area`, the
/// attacker's best guess), the birth dates the stored birth column allows,
/// the sex and any known last four characters. For tests of what storage
/// gives away.
#[cfg(test)]
pub(crate) fn candidates(mask: &str, area: &str, births: &[NaiveDate], sex: Sex, tail4: Option<&str>) -> usize {
    let m = mask.as_bytes();
    assert_eq!(m.len(), 18, "a mask has 18 characters");
    let fits = |i: usize, c: u8| m[i] == b'*' || m[i] == c;
    let area: Vec<u8> = (0..6).map(|i| if m[i] == b'*' { area.as_bytes()[i] } else { m[i] }).collect();
    let mut n = 0;
    for birth in births {
        let date = birth.format("%Y%m%d").to_string();
        if !date.bytes().enumerate().all(|(i, c)| fits(6 + i, c)) {
            continue;
        }
        for seq in 0..1000u32 {
            if (seq % 2 == 1) != (sex == Sex::Male) {
                continue;
            }
            let mut first17 = area.clone();
            first17.extend_from_slice(date.as_bytes());
            first17.extend_from_slice(format!("{seq:03}").as_bytes());
            if !first17[14..].iter().enumerate().all(|(i, c)| fits(14 + i, *c)) {
                continue;
            }
            let check = check_digit(&first17) as u8;
            let mut full = first17;
            full.push(check);
            if fits(17, check) && tail4.is_none_or(|t| t.as_bytes() == &full[14..]) {
                n += 1;
            }
        }
    }
    n
}

/// Never print the full number by accident (logs, panics).
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    /// A valid number for a birth date and sequence, with its check digit.
    fn make(area: &str, birth: &str, seq: &str) -> String {
        let first17 = format!("{area}{birth}{seq}");
        format!("{first17}{}", check_digit(first17.as_bytes()))
    }

    #[test]
    fn the_standard_example_checks() {
        // GB 11643-1999's own example.
        assert_eq!(check_digit(b"11010519491231002"), 'X');
        let id = IdNumber::parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn birth_date_sex_age_and_mask_come_from_the_number() {
        let text = make("141102", "19800229", "001");
        let id = IdNumber::parse(&text, today()).unwrap();
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.age_on(today()), 46);
        assert_eq!(id.area_code(), "141102");
        assert_eq!(id.masked(), "141102************");
        assert_eq!(id.birth_month(), NaiveDate::from_ymd_opt(1980, 2, 1).unwrap());
        assert_eq!(id.tail4(), &text[14..]);
        assert!(!format!("{id:?}").contains(&text[6..14]), "Debug never shows the birth date");
        assert!(!format!("{id:?}").contains(&text[14..]), "nor the last four");
    }

    fn days_of(month: NaiveDate) -> Vec<NaiveDate> {
        month.iter_days().take_while(|d| d.month() == month.month()).collect()
    }

    #[test]
    fn what_was_stored_in_clear_rebuilt_the_number_and_no_longer_does() {
        let text = make("141102", "19560312", "024");
        let id = IdNumber::parse(&text, today()).unwrap();
        // Before: `141102********0241` with the whole birth date beside it.
        let old_mask = format!("{}********{}", &text[..6], &text[14..]);
        assert_eq!(candidates(&old_mask, "", &[id.birth_date()], id.sex(), None), 1, "the old mask gave it away");
        // Year-month with both ends shown still leaves a handful.
        let both = candidates(&old_mask, "", &days_of(id.birth_month()), id.sex(), None);
        assert!(both < 10, "{both}: area and last four together are too much");
        // Now: area code, birth month and sex.
        let n = candidates(&id.masked(), "", &days_of(id.birth_month()), id.sex(), None);
        assert!(n >= 14_000, "{n} numbers fit what is stored");
    }

    #[test]
    fn tolerates_spaces_full_width_and_lower_case_x() {
        let text = make("141102", "19491231", "002");
        let spaced = format!(" {} {} ", &text[..6], &text[6..]);
        assert_eq!(IdNumber::parse(&spaced, today()).unwrap().as_str(), text);
        let full: String = text
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c })
            .collect();
        assert_eq!(IdNumber::parse(&full, today()).unwrap().as_str(), text);
    }

    #[test]
    fn says_what_is_wrong() {
        let good = make("141102", "19800101", "123");
        let mut typo = good.clone().into_bytes();
        typo[10] = if typo[10] == b'9' { b'8' } else { typo[10] + 1 };
        let typo = String::from_utf8(typo).unwrap();
        for (text, problem) in [
            ("1411021980010112", IdProblem::WrongLength),
            ("14110219800101123A", IdProblem::NotDigits),
            ("4.11102E+17", IdProblem::SpreadsheetNumber),
            ("1.41102198001011E+17", IdProblem::SpreadsheetNumber),
            ("141102198001011000", IdProblem::SpreadsheetNumber),
            (&typo, IdProblem::BadChecksum),
            (&make("141102", "19800230", "123"), IdProblem::BadBirthDate),
            (&make("141102", "20991231", "123"), IdProblem::BadBirthDate),
        ] {
            assert_eq!(IdNumber::parse(text, today()), Err(problem), "{text}");
            assert!(!problem.zh().is_empty());
        }
    }

    #[test]
    fn every_single_digit_typo_is_caught() {
        let good = make("141102", "19650415", "047");
        for i in 0..17 {
            for d in b'0'..=b'9' {
                let mut b = good.clone().into_bytes();
                if b[i] == d {
                    continue;
                }
                b[i] = d;
                let t = String::from_utf8(b).unwrap();
                assert!(IdNumber::parse(&t, today()).is_err(), "{t} passed");
            }
        }
    }
}
