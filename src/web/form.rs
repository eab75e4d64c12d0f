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

/// Why a form was refused: the message, and the field it is about (none:
/// the form as a whole). A page shows the message next to its field
/// (`at`), or above the form when it names no field the page shows
/// (`general`).
#[derive(Debug, Clone, Default)]
pub struct Problem {
    field: Option<String>,
    message: Option<String>,
}

impl Problem {
    /// Nothing wrong.
    pub fn none() -> Problem {
        Problem::default()
    }

    /// A message about one field.
    pub fn at_field(field: &str, message: impl Into<String>) -> Problem {
        Problem { field: Some(field.to_owned()), message: Some(message.into()) }
    }

    /// A message about the form as a whole.
    pub fn general_message(message: impl Into<String>) -> Problem {
        Problem { field: None, message: Some(message.into()) }
    }

    /// The message, if it is about this field.
    pub fn at(&self, field: &str) -> Option<&str> {
        match (&self.field, &self.message) {
            (Some(f), Some(m)) if f == field => Some(m),
            _ => None,
        }
    }

    /// Whether this field is the one at fault (for `aria-invalid`).
    pub fn is(&self, field: &str) -> bool {
        self.at(field).is_some()
    }

    /// The message, if it names no field among `shown` (the page's fields).
    pub fn general(&self, shown: &[&str]) -> Option<&str> {
        match (&self.field, &self.message) {
            (Some(f), Some(_)) if shown.contains(&f.as_str()) => None,
            (_, m) => m.as_deref(),
        }
    }

    /// Whether anything is wrong.
    pub fn any(&self) -> bool {
        self.message.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::Problem;

    #[test]
    fn a_problem_shows_by_its_field_or_above_the_form() {
        let p = Problem::at_field("phone", "bad phone");
        assert_eq!(p.at("phone"), Some("bad phone"));
        assert_eq!(p.at("name"), None);
        assert_eq!(p.general(&["name", "phone"]), None);
        assert_eq!(p.general(&["name"]), Some("bad phone"), "a field the page does not show");
        assert_eq!(Problem::general_message("busy").general(&["name"]), Some("busy"));
        assert!(!Problem::none().any() && Problem::none().general(&[]).is_none());
    }
}

/// Which form of a page came back, what was typed and why it was refused:
/// a page of several forms shows the message by the right one, with what
/// was typed in it.
#[derive(Default)]
pub(crate) struct Sent {
    /// The form's name (`lend`, `act:agree` …); empty on a plain visit.
    pub form: String,
    /// Why it was refused.
    pub problem: Problem,
    /// What was typed.
    pub typed: crate::web::life::typed::Fields,
}

impl Sent {
    /// What was typed in `key` of `form`, if that form came back.
    pub fn typed_if(&self, form: &str, key: &str) -> String {
        if self.form == form { self.typed.get(key).to_owned() } else { String::new() }
    }
    /// The message by `field` of `form`.
    pub fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form { self.problem.at(field) } else { None }
    }
    /// The message of `form` that is by none of the fields `shown`.
    pub fn general(&self, form: &str, shown: &[&str]) -> Option<&str> {
        if self.form == form { self.problem.general(shown) } else { None }
    }
}
