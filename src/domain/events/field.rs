//! The extra fields a category asks a reporter for (漏水位置, 是否困人 …):
//! how an admin defines them, and how the values a report gives are checked.
//! Open311 clients meet them as a service's attributes (GeoReport v2
//! service definitions), the report form as fields under the category.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most fields a category has.
pub const MAX_FIELDS: usize = 10;
/// The most choices a field offers.
pub const MAX_CHOICES: usize = 20;
/// The most characters a text value has.
pub const MAX_TEXT: usize = 200;

/// What kind of value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A line of text.
    Text,
    /// A number.
    Number,
    /// A day (YYYY-MM-DD).
    Date,
    /// One of the choices.
    Choice,
    /// Any of the choices.
    Choices,
}

impl Kind {
    /// Every kind, with its stored key.
    pub const ALL: [Kind; 5] = [Kind::Text, Kind::Number, Kind::Date, Kind::Choice, Kind::Choices];

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Choice => "choice",
            Kind::Choices => "choices",
        }
    }

    /// The Open311 datatype.
    pub fn open311(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Number => "number",
            Kind::Date => "datetime",
            Kind::Choice => "singlevaluelist",
            Kind::Choices => "multivaluelist",
        }
    }

    /// From a key, or the Chinese word an admin types.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.trim() {
            "text" | "文本" => Kind::Text,
            "number" | "数字" => Kind::Number,
            "date" | "日期" => Kind::Date,
            "choice" | "单选" => Kind::Choice,
            "choices" | "多选" => Kind::Choices,
            _ => return None,
        })
    }
}

/// A field of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Its code: lower-case letters, digits and `_`, 1–24 (the Open311 attribute code).
    pub code: String,
    /// What the reporter is asked, 1–32 characters.
    pub name: String,
    /// The kind of value.
    pub kind: Kind,
    /// Whether a report must give it.
    #[serde(default)]
    pub required: bool,
    /// The choices (for a choice or choices), each 1–32 characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// Why a category's fields were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionProblem {
    /// More than [`MAX_FIELDS`].
    #[error("at most {MAX_FIELDS} fields")]
    TooMany,
    /// A code not of lower-case letters, digits and `_`, or repeated.
    #[error("field {0}: a code of lower-case letters, digits and _, once each")]
    Code(String),
    /// A name not of 1–32 characters.
    #[error("field {0}: a name of 1–32 characters")]
    Name(String),
    /// A choice field without choices, with too many, or a bad one.
    #[error("field {0}: 1–20 choices of 1–32 characters each, no repeats")]
    Choices(String),
    /// A line of the admin's text that is not `code | name | kind | required | choices`.
    #[error("line {0}: code | name | kind | required | choices")]
    Line(usize),
}

/// Checks a category's fields as an admin gave them.
pub fn check_definition(fields: &[Field]) -> Result<(), DefinitionProblem> {
    if fields.len() > MAX_FIELDS {
        return Err(DefinitionProblem::TooMany);
    }
    for (i, f) in fields.iter().enumerate() {
        let code_ok = (1..=24).contains(&f.code.len())
            && f.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !fields[..i].iter().any(|o| o.code == f.code);
        if !code_ok {
            return Err(DefinitionProblem::Code(f.code.clone()));
        }
        if !(1..=32).contains(&f.name.trim().chars().count()) {
            return Err(DefinitionProblem::Name(f.code.clone()));
        }
        let listed = matches!(f.kind, Kind::Choice | Kind::Choices);
        let choices_ok = if listed {
            (1..=MAX_CHOICES).contains(&f.choices.len())
                && f.choices
                    .iter()
                    .enumerate()
                    .all(|(j, c)| (1..=32).contains(&c.trim().chars().count()) && !f.choices[..j].contains(c))
        } else {
            f.choices.is_empty()
        };
        if !choices_ok {
            return Err(DefinitionProblem::Choices(f.code.clone()));
        }
    }
    Ok(())
}

/// Reads the fields from the admin's text: a line each,
/// `code | name | kind | 必填 | choice、choice`.
pub fn parse_lines(text: &str) -> Result<Vec<Field>, DefinitionProblem> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        if !(3..=5).contains(&parts.len()) {
            return Err(DefinitionProblem::Line(n + 1));
        }
        let kind = Kind::parse(parts[2]).ok_or(DefinitionProblem::Line(n + 1))?;
        let required = match parts.get(3).copied().unwrap_or("") {
            "必填" | "required" | "是" => true,
            "" | "选填" | "optional" | "否" => false,
            _ => return Err(DefinitionProblem::Line(n + 1)),
        };
        let choices = parts
            .get(4)
            .map(|c| c.split(['、', ',', '，']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        out.push(Field { code: parts[0].to_owned(), name: parts[1].to_owned(), kind, required, choices });
    }
    check_definition(&out)?;
    Ok(out)
}

/// The fields as the admin's text (the inverse of [`parse_lines`]).
pub fn to_lines(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let required = if f.required { "必填" } else { "选填" };
            let kind = match f.kind {
                Kind::Text => "文本",
                Kind::Number => "数字",
                Kind::Date => "日期",
                Kind::Choice => "单选",
                Kind::Choices => "多选",
            };
            format!("{} | {} | {kind} | {required} | {}", f.code, f.name, f.choices.join("、"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a report's values were refused, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueProblem {
    /// A value for a field the category does not have.
    #[error("{0}: the category has no such field")]
    Unknown(String),
    /// A required field left empty.
    #[error("{0}: required")]
    Required(String),
    /// Not a number.
    #[error("{0}: a number")]
    Number(String),
    /// Not a day.
    #[error("{0}: a date, YYYY-MM-DD")]
    Date(String),
    /// Not one of the choices.
    #[error("{0}: one of the choices")]
    NotAChoice(String),
    /// Several values for a field that takes one, or text too long.
    #[error("{0}: one value of at most 200 characters")]
    OneValue(String),
}

impl ValueProblem {
    /// The code of the field at fault.
    pub fn code(&self) -> &str {
        match self {
            ValueProblem::Unknown(c)
            | ValueProblem::Required(c)
            | ValueProblem::Number(c)
            | ValueProblem::Date(c)
            | ValueProblem::NotAChoice(c)
            | ValueProblem::OneValue(c) => c,
        }
    }
}

/// The values of a report, by field code: one for most kinds, any number
/// for choices.
pub type Given = BTreeMap<String, Vec<String>>;

/// The values kept with an event, by field code (choices joined by `、`).
pub type Values = BTreeMap<String, String>;

/// Checks what a report gives against its category's fields; empty values
/// count as not given.
pub fn check_values(fields: &[Field], given: &Given) -> Result<Values, ValueProblem> {
    if let Some(code) = given.keys().find(|k| !fields.iter().any(|f| &f.code == *k)) {
        return Err(ValueProblem::Unknown(code.clone()));
    }
    let mut out = Values::new();
    for f in fields {
        let values: Vec<&str> =
            given.get(&f.code).into_iter().flatten().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            if f.required {
                return Err(ValueProblem::Required(f.code.clone()));
            }
            continue;
        }
        if f.kind != Kind::Choices && values.len() > 1 {
            return Err(ValueProblem::OneValue(f.code.clone()));
        }
        let v = values[0];
        let kept = match f.kind {
            Kind::Text if v.chars().count() > MAX_TEXT => return Err(ValueProblem::OneValue(f.code.clone())),
            Kind::Text => v.to_owned(),
            Kind::Number => match v.parse::<f64>() {
                Ok(n) if n.is_finite() && v.len() <= 20 => v.to_owned(),
                _ => return Err(ValueProblem::Number(f.code.clone())),
            },
            Kind::Date => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(|d| d.to_string())
                .map_err(|_| ValueProblem::Date(f.code.clone()))?,
            Kind::Choice | Kind::Choices => {
                if values.iter().any(|v| !f.choices.iter().any(|c| c == v)) {
                    return Err(ValueProblem::NotAChoice(f.code.clone()));
                }
                // In the order of the choices, each once.
                f.choices.iter().filter(|c| values.contains(&c.as_str())).cloned().collect::<Vec<_>>().join("、")
            }
        };
        out.insert(f.code.clone(), kept);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak() -> Vec<Field> {
        parse_lines("place | 漏水位置 | 单选 | 必填 | 室内、楼道、室外\nfloor | 楼层 | 数字\nparts | 涉及 | 多选 | 选填 | 水管、水表、阀门")
            .unwrap()
    }

    fn given(pairs: &[(&str, &str)]) -> Given {
        let mut g = Given::new();
        for (k, v) in pairs {
            g.entry((*k).to_owned()).or_default().push((*v).to_owned());
        }
        g
    }

    #[test]
    fn an_admins_lines_become_fields_and_back() {
        let f = leak();
        assert_eq!(f.len(), 3);
        assert_eq!((f[0].kind, f[0].required, f[0].choices.len()), (Kind::Choice, true, 3));
        assert_eq!((f[1].kind, f[1].required), (Kind::Number, false));
        assert_eq!(parse_lines(&to_lines(&f)).unwrap(), f);
        assert_eq!(parse_lines("x | 名 | 颜色"), Err(DefinitionProblem::Line(1)));
        assert_eq!(parse_lines("X | 名 | 文本"), Err(DefinitionProblem::Code("X".into())));
        assert_eq!(parse_lines("a | 名 | 文本\na | 又 | 文本"), Err(DefinitionProblem::Code("a".into())));
        assert_eq!(parse_lines("a | 名 | 单选"), Err(DefinitionProblem::Choices("a".into())));
        assert_eq!(parse_lines("a | 名 | 文本 | 必填 | 甲、乙"), Err(DefinitionProblem::Choices("a".into())));
    }

    #[test]
    fn a_reports_values_are_checked_against_the_fields() {
        let f = leak();
        let ok = check_values(&f, &given(&[("place", "楼道"), ("floor", "5"), ("parts", "阀门"), ("parts", "水管")]));
        let ok = ok.unwrap();
        assert_eq!(ok["place"], "楼道");
        assert_eq!(ok["parts"], "水管、阀门", "in the choices' order");
        assert_eq!(check_values(&f, &given(&[("floor", "5")])), Err(ValueProblem::Required("place".into())));
        assert_eq!(check_values(&f, &given(&[("place", "屋顶")])), Err(ValueProblem::NotAChoice("place".into())));
        assert_eq!(
            check_values(&f, &given(&[("place", "室内"), ("floor", "五")])),
            Err(ValueProblem::Number("floor".into()))
        );
        assert_eq!(
            check_values(&f, &given(&[("place", "室内"), ("color", "红")])),
            Err(ValueProblem::Unknown("color".into()))
        );
        assert_eq!(
            check_values(&f, &given(&[("place", "室内"), ("place", "楼道")])),
            Err(ValueProblem::OneValue("place".into()))
        );
        assert!(!check_values(&f, &given(&[("place", "室内"), ("floor", " ")])).unwrap().contains_key("floor"));
        assert!(check_values(&[], &Given::new()).unwrap().is_empty());
    }
}
