//! Whose a receipt is, and checking one: the printed receipt names the
//! house, the payer, the issuing service centre and the cashier; its QR code
//! carries the receipt number and a check code that anyone may verify on a
//! public page, which answers only whether it is real, the amount and the
//! day. Without the check code printed on the receipt a number proves
//! nothing, so counting through the numbers learns nothing; and checks from
//! one address are limited.

use chrono::NaiveDate;

use crate::app::access::limit::Limit;
use crate::app::bills::till::receipt_community;
use crate::app::{App, Error, Result};
use crate::domain::money::Fen;

/// Checks one address may make in ten minutes.
pub const CHECKS: Limit = Limit { kind: "receipt-check", max: 30, window_minutes: 10 };

/// The keyed hash kind of check codes.
const CHECK_KIND: &str = "receipt-check";

/// Hex digits a check code has (48 bits).
const CHECK_DIGITS: usize = 12;

/// Whose a receipt is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptParty {
    /// Building, unit and room.
    pub address: String,
    /// Who pays for the house (its householder), if anyone lives there.
    pub payer: Option<String>,
    /// The community whose service centre issued it.
    pub community: String,
    /// Who took the money: the cashier's name, or how it came (online, kiosk).
    pub cashier: String,
}

/// A receipt found real: only what the public page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Its number.
    pub number: String,
    /// The amount received.
    pub amount: Fen,
    /// The local day it was issued.
    pub day: NaiveDate,
}

/// A check code as typed: hex digits, any case, with or without dashes.
fn plain(code: &str) -> String {
    code.chars().filter(char::is_ascii_hexdigit).map(|c| c.to_ascii_uppercase()).collect()
}

impl App {
    /// A receipt's check code, as printed: `3F9A-21BC-77D0`.
    pub fn receipt_check_code(&self, number: &str) -> String {
        let hash = self.keys().lookup_hash(CHECK_KIND, number.trim());
        let digits = plain(&hash).chars().take(CHECK_DIGITS).collect::<Vec<_>>();
        digits.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }

    /// Whether a check code belongs to a receipt number (under any key of the ring).
    fn check_code_fits(&self, number: &str, code: &str) -> bool {
        let typed = plain(code);
        typed.len() == CHECK_DIGITS
            && self.keys().lookup_hashes(CHECK_KIND, number.trim()).iter().any(|h| plain(h).starts_with(&typed))
    }

    /// Whose a receipt of this house is (the caller has checked it may see it).
    pub async fn receipt_party(&self, community: &str, house: uuid::Uuid, taken_by: &str) -> Result<ReceiptParty> {
        let address = linli_store::bills::house::houses(self.db(), community, None, Some(house))
            .await?
            .first()
            .map(|(_, _, building, unit, room)| format!("{building} {unit}-{room}"))
            .unwrap_or_default();
        let payer = linli_store::bills::house::householder(self.db(), community, house).await?;
        // 交通路社区居委会 is the committee; its service centre takes the short name.
        let community =
            self.short_names(&[community.to_owned()]).await?.remove(community).unwrap_or_else(|| community.to_owned());
        // A cashier's login names an account: its holder's name is printed.
        let cashier = match linli_store::access::account::find(self.db(), Some(taken_by), None).await? {
            Some(a) if !a.display_name.trim().is_empty() => a.display_name,
            _ => taken_by.to_owned(),
        };
        Ok(ReceiptParty { address, payer, community, cashier })
    }

    /// Checks a receipt for anyone holding it: its number and the check code
    /// printed with it. `None` when either is wrong; refused when the address
    /// has checked too often.
    pub async fn check_receipt(&self, ip: &str, number: &str, code: &str) -> Result<Option<Checked>> {
        let number = number.trim();
        if number.is_empty() || number.len() > 40 || code.len() > 40 {
            return Ok(None);
        }
        if self.reserve(&CHECKS, ip).await?.is_err() {
            return Err(Error::TooMany);
        }
        if !self.check_code_fits(number, code) {
            return Ok(None);
        }
        let community = receipt_community(number);
        let found = match linli_store::bills::payment::payment_by_receipt(self.db(), community, number).await? {
            Some(p) => Some((p.amount, p.created_at)),
            None => linli_store::bills::prepaid::deposit_by_receipt(self.db(), community, number)
                .await?
                .map(|d| (d.amount, d.created_at)),
        };
        Ok(found.map(|(amount, at)| Checked {
            number: number.to_owned(),
            amount: Fen::new(amount),
            day: crate::domain::time::day(at),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn a_check_code_is_read_however_it_is_typed() {
        assert_eq!(plain("3f9a-21bc-77d0"), "3F9A21BC77D0");
        assert_eq!(plain(" 3F9A 21BC 77D0 "), "3F9A21BC77D0");
        assert_eq!(plain("zz"), "");
    }
}
