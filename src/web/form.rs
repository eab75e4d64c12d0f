//! Fields that forms and JSON bodies send alike.

use serde::Deserialize;

/// A form checkbox (`on`) or a JSON boolean.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Text(t) => matches!(t.as_str(), "on" | "true" | "1"),
    })
}
