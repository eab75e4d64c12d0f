//! The password policy.

/// Passwords people pick first; refused outright.
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "12341234",
    "11223344",
    "abcd1234",
    "1234abcd",
    "a1234567",
    "a12345678",
    "aa123456",
    "abc12345",
    "abc123456",
    "password",
    "password1",
    "passw0rd",
    "p@ssw0rd",
    "qwertyui",
    "qwerty123",
    "1qaz2wsx",
    "qazwsxedc",
    "zxcvbnm1",
    "iloveyou",
    "5201314520",
    "52013141",
    "woaini1314",
    "woaini520",
    "woaini123",
    "1314520520",
    "admin123",
    "admin1234",
    "administrator",
    "root1234",
    "123qweasd",
    "qwe123456",
    "asd123456",
    "zaq12wsx",
    "aaaaaaaa",
    "abcdefgh",
    "147258369",
    "123123123",
    "12121212",
    "159357456",
    "linli123",
    "linli1234",
    "wangluo123",
    "zhang123",
    "wang1234",
    "li123456",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than 8 characters.
    #[error("at least 8 characters")]
    TooShort,
    /// In the list of common passwords.
    #[error("too common")]
    Common,
    /// Contains the account's phone number or ID number, or its user name.
    #[error("contains the phone number, ID number or user name")]
    Personal,
}

impl PasswordProblem {
    /// What to tell a person, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "密码至少需要 8 个字符。",
            PasswordProblem::Common => "这个密码太常见，容易被猜到，请换一个。",
            PasswordProblem::Personal => "密码不能包含手机号、身份证号或用户名。",
        }
    }

    /// What to tell a person, in English.
    pub fn en(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "A password needs at least 8 characters.",
            PasswordProblem::Common => "This password is too common; choose another.",
            PasswordProblem::Personal => "A password may not contain the phone number, ID number or user name.",
        }
    }
}

/// Checks a new password against the policy; `personal` holds the account's
/// phone, ID number and user name (any may be empty).
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    if password.chars().count() < 8 {
        return Err(PasswordProblem::TooShort);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Err(PasswordProblem::Common);
    }
    if personal.iter().filter(|p| p.chars().count() >= 4).any(|p| lower.contains(&p.to_lowercase())) {
        return Err(PasswordProblem::Personal);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy() {
        assert_eq!(check("short1", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check("邻里好邻里好", &[]), Err(PasswordProblem::TooShort), "characters, not bytes");
        assert_eq!(check("Password", &[]), Err(PasswordProblem::Common));
        assert_eq!(check("woaini1314", &[]), Err(PasswordProblem::Common));
        assert_eq!(check("x13812345678", &["13812345678"]), Err(PasswordProblem::Personal));
        assert_eq!(check("wangli-2024!", &["WangLi"]), Err(PasswordProblem::Personal));
        assert_eq!(check("Guitar-moon-42", &["13812345678", "wangli", ""]), Ok(()));
        assert_eq!(check("邻里守望相助每一天", &[]), Ok(()));
    }
}
