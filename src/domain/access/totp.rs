//! Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30 s), as
//! every authenticator app makes them.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per code.
pub const STEP_SECS: i64 = 30;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect secrets.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0);
    for b in bytes {
        buf = (buf << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buf >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32, ignoring spaces, case and padding.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|a| *a as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buf >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The time step of a Unix time.
pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code for a step, `digits` long (RFC 4226 dynamic truncation).
pub fn code_at(secret: &[u8], step: i64, digits: u32) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[h.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[offset] & 0x7f, h[offset + 1], h[offset + 2], h[offset + 3]]);
    bin % 10u32.pow(digits)
}

/// Checks a typed 6-digit code against the steps around `now_step` (one
/// either side, for clocks that drift); a step at or before `last_used` is
/// refused so that a code cannot be replayed. Returns the matching step.
pub fn verify(secret: &[u8], typed: &str, now_step: i64, last_used: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = typed.parse().ok()?;
    (now_step - 1..=now_step + 1).filter(|s| last_used.is_none_or(|l| *s > l)).find(|s| code_at(secret, *s, 6) == value)
}

/// The `otpauth://` URI that authenticator apps import (by QR code or link).
pub fn uri(secret_b32: &str, account: &str, issuer: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1, 8 digits.
    const SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_test_vectors() {
        for (t, code) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(code_at(SECRET, step_of(t), 8), code, "T={t}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(from_base32("mzxw 6ytb oi======").unwrap(), b"foobar");
        assert_eq!(from_base32(&base32(SECRET)).unwrap(), SECRET);
        assert_eq!(from_base32("0189"), None);
    }

    #[test]
    fn codes_are_accepted_once_within_one_step_of_drift() {
        let step = step_of(1_800_000_000);
        let now = format!("{:06}", code_at(SECRET, step, 6));
        assert_eq!(verify(SECRET, &now, step, None), Some(step));
        assert_eq!(verify(SECRET, &now, step + 1, None), Some(step), "30 s late still works");
        assert_eq!(verify(SECRET, &now, step + 2, None), None, "60 s late does not");
        assert_eq!(verify(SECRET, &now, step, Some(step)), None, "no replay");
        assert_eq!(verify(SECRET, "12345", step, None), None);
        assert_eq!(verify(SECRET, "abcdef", step, None), None);
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let u = uri("MZXW6YTBOI", "grid.wang", "邻里 linli");
        assert!(u.starts_with("otpauth://totp/%E9%82%BB%E9%87%8C%20linli:grid.wang?secret=MZXW6YTBOI"));
    }
}
