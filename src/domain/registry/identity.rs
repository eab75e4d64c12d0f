//! The document a person is registered by. Most carry a GB 11643 number
//! (居民身份证, 港澳台居民居住证, 外国人永久居留身份证), from which birth date
//! and sex are read; a passport (护照) carries neither, so they are given
//! alongside it.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::registry::id_number::{IdNumber, Sex};

/// A passport: its number, and the birth date and sex written beside it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passport {
    number: String,
    birth: NaiveDate,
    sex: Sex,
}

/// Never print the number.
impl fmt::Debug for Passport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Passport({})", Identity::Passport(self.clone()).masked())
    }
}

/// Why a passport entry is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassportProblem {
    /// Not 5–20 letters and digits.
    #[error("a passport number is 5–20 letters and digits")]
    Number,
    /// No valid birth date (YYYY-MM-DD, not in the future).
    #[error("a passport needs the birth date, YYYY-MM-DD")]
    BirthDate,
    /// No sex (男/女).
    #[error("a passport needs the sex, 男 or 女")]
    Sex,
}

impl PassportProblem {
    /// What to tell a person, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            PassportProblem::Number => "护照号应为 5–20 位字母和数字。",
            PassportProblem::BirthDate => "护照登记需填写出生日期（如 1980-01-31），且不能晚于今天。",
            PassportProblem::Sex => "护照登记需填写性别（男或女）。",
        }
    }
}

impl Passport {
    /// Checks a passport entry: number, birth date (`1980-01-31`,
    /// `1980/1/31` or `19800131`) and sex (男/女, M/F).
    pub fn parse(number: &str, birth: &str, sex: &str, today: NaiveDate) -> Result<Passport, PassportProblem> {
        let number: String = number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if !(5..=20).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PassportProblem::Number);
        }
        let b = birth.trim();
        let birth = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(b, f).ok())
            .filter(|d| *d <= today)
            .ok_or(PassportProblem::BirthDate)?;
        let sex = match sex.trim() {
            "男" | "M" | "m" | "男性" => Sex::Male,
            "女" | "F" | "f" | "女性" => Sex::Female,
            _ => return Err(PassportProblem::Sex),
        };
        Ok(Passport { number, birth, sex })
    }
}

/// The document a person is registered by.
#[derive(Clone, PartialEq, Eq)]
pub enum Identity {
    /// A GB 11643 number (resident ID, residence permit, permanent residence).
    Gb(IdNumber),
    /// A passport.
    Passport(Passport),
}

impl From<IdNumber> for Identity {
    fn from(id: IdNumber) -> Self {
        Identity::Gb(id)
    }
}

impl Identity {
    /// The number as written on the document.
    pub fn as_str(&self) -> &str {
        match self {
            Identity::Gb(id) => id.as_str(),
            Identity::Passport(p) => &p.number,
        }
    }

    /// The text the registry's keyed hash is taken of: passports apart, so
    /// a passport number never meets an ID number.
    pub fn lookup_text(&self) -> String {
        match self {
            Identity::Gb(id) => id.as_str().to_owned(),
            Identity::Passport(p) => format!("P:{}", p.number),
        }
    }

    /// The birth date (read from the number, or written beside a passport).
    pub fn birth_date(&self) -> NaiveDate {
        match self {
            Identity::Gb(id) => id.birth_date(),
            Identity::Passport(p) => p.birth,
        }
    }

    /// The sex.
    pub fn sex(&self) -> Sex {
        match self {
            Identity::Gb(id) => id.sex(),
            Identity::Passport(p) => p.sex,
        }
    }

    /// The month of birth (its first day): all that is stored in clear.
    pub fn birth_month(&self) -> NaiveDate {
        crate::domain::registry::id_number::month_of(self.birth_date())
    }

    /// Masked for display: `141102************`, `E1*****78`.
    pub fn masked(&self) -> String {
        match self {
            Identity::Gb(id) => id.masked(),
            Identity::Passport(p) => {
                let n = &p.number;
                format!("{}{}{}", &n[..2], "*".repeat(n.len() - 4), &n[n.len() - 2..])
            }
        }
    }

    /// The last four characters, searched by together with a name (stored
    /// only as a keyed hash).
    pub fn tail4(&self) -> &str {
        let n = self.as_str();
        &n[n.len().saturating_sub(4)..]
    }
}

/// Never print the full number by accident.
impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn a_passport_carries_its_birth_date_and_sex_beside_it() {
        let p = Identity::Passport(Passport::parse(" e1234 5678 ", "1985/3/7", "女", today()).unwrap());
        assert_eq!(p.as_str(), "E12345678");
        assert_eq!(p.birth_date(), NaiveDate::from_ymd_opt(1985, 3, 7).unwrap());
        assert_eq!(p.sex(), Sex::Female);
        assert_eq!(p.masked(), "E1*****78");
        assert_eq!(p.lookup_text(), "P:E12345678");
        assert_eq!(p.tail4(), "5678");
        assert!(!format!("{p:?}").contains("345"));
    }

    #[test]
    fn a_passport_without_its_facts_is_refused() {
        assert_eq!(Passport::parse("E1", "1985-03-07", "男", today()), Err(PassportProblem::Number));
        assert_eq!(Passport::parse("E12345678", "", "男", today()), Err(PassportProblem::BirthDate));
        assert_eq!(Passport::parse("E12345678", "2099-01-01", "男", today()), Err(PassportProblem::BirthDate));
        assert_eq!(Passport::parse("E12345678", "1985-03-07", "", today()), Err(PassportProblem::Sex));
    }
}
