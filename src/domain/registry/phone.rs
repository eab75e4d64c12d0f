//! Mainland mobile numbers.

/// An 11-digit mainland mobile number, normalised (no `+86`, spaces or dashes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

/// Why a text is not a mobile number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a mobile number has 11 digits and starts with 1")]
pub struct BadPhone;

impl Phone {
    /// Accepts `13812345678`, `138 1234 5678`, `+86-138-1234-5678` and full-width digits.
    pub fn parse(text: &str) -> Result<Phone, BadPhone> {
        let digits: String = text
            .chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
                ' ' | '-' | '　' | '+' | '(' | ')' => None,
                _ => Some('x'),
            })
            .collect();
        let digits = match digits.len() {
            13 if digits.starts_with("86") => digits[2..].to_owned(),
            _ => digits,
        };
        if digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Phone(digits))
        } else {
            Err(BadPhone)
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked for display (GB/T 35273): `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_ways_people_write_numbers() {
        for t in ["13812345678", "138 1234 5678", "+86 138-1234-5678", "１３８１２３４５６７８", "8613812345678"]
        {
            assert_eq!(Phone::parse(t).unwrap().as_str(), "13812345678", "{t}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        for t in ["", "1381234567", "23812345678", "1381234567a", "138123456789", "wangli"] {
            assert_eq!(Phone::parse(t), Err(BadPhone), "{t}");
        }
    }

    #[test]
    fn masks_the_middle_four() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
    }
}
