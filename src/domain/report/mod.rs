//! 一表通: the standing reports the levels above ask every month or quarter,
//! generated from the data instead of typed. A report is a definition — its
//! title, its columns under merged headings, each column what it counts —
//! and its rows are the regions one level down with their total, so that a
//! new layout is data, not code. linli's own definitions are the JSON file
//! beside this one, read and checked at start.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// What a column counts, over the people living in each row's region.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "of", rename_all = "snake_case", deny_unknown_fields)]
pub enum Count {
    /// Households with anyone living there.
    Households,
    /// People living there.
    People,
    /// People of a sex (`male` or `female`).
    Sex {
        /// `male` or `female`.
        sex: String,
    },
    /// People of an age in whole years, `from`–`to` (both included; no
    /// `to`: and over).
    Age {
        /// The youngest counted.
        from: u32,
        /// The oldest counted.
        #[serde(default)]
        to: Option<u32>,
    },
    /// People of a residency (户籍, 流动, 境外).
    Residency {
        /// As stored.
        residency: String,
    },
    /// People carrying a tag (低保, 退役军人 …).
    Tag {
        /// The tag.
        tag: String,
    },
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Its heading.
    pub label: String,
    /// Its heading in English.
    pub label_en: String,
    /// What it counts.
    pub count: Count,
}

/// A heading over the columns: one column, or a group of them under a
/// merged heading.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Heading {
    /// Columns under a shared heading.
    Group {
        /// The shared heading.
        group: String,
        /// In English.
        group_en: String,
        /// Its columns.
        columns: Vec<Column>,
    },
    /// A column alone (its heading spans both heading rows).
    One(Column),
}

/// A report's definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Its code, in addresses (`population`).
    pub code: String,
    /// Its title (人口基本情况统计表).
    pub title: String,
    /// In English.
    pub title_en: String,
    /// Its columns, left to right.
    pub columns: Vec<Heading>,
}

/// Why a definition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadDefinition {
    /// Not JSON of the expected shape.
    #[error("not a report definition: {0}")]
    Shape(String),
    /// A code that is not lower-case letters, digits and `_`, or used twice.
    #[error("report code {0:?} is not a-z, 0-9, _ or is used twice")]
    Code(String),
    /// No column, an empty group, or more than 60 columns.
    #[error("report {0:?} has no column, an empty group or over 60 columns")]
    Columns(String),
    /// A sex other than male or female, or an age range that ends before it starts.
    #[error("report {0:?} counts something that cannot be: {1}")]
    Count(String, String),
}

impl Definition {
    /// The columns left to right.
    pub fn flat(&self) -> Vec<&Column> {
        self.columns
            .iter()
            .flat_map(|h| match h {
                Heading::Group { columns, .. } => columns.iter().collect::<Vec<_>>(),
                Heading::One(c) => vec![c],
            })
            .collect()
    }

    /// The tags its columns count.
    pub fn tags(&self) -> Vec<&str> {
        self.flat()
            .into_iter()
            .filter_map(|c| match &c.count {
                Count::Tag { tag } => Some(tag.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The definition without the columns `out` picks (a group left empty
    /// goes too), and the headings of those taken out.
    pub fn without(&self, out: impl Fn(&Column) -> bool) -> (Definition, Vec<String>) {
        let mut gone = Vec::new();
        let mut keep = |c: &Column| {
            if out(c) {
                gone.push(c.label.clone());
                false
            } else {
                true
            }
        };
        let columns = self
            .columns
            .iter()
            .filter_map(|h| match h {
                Heading::Group { group, group_en, columns } => {
                    let columns: Vec<Column> = columns.iter().filter(|c| keep(c)).cloned().collect();
                    (!columns.is_empty()).then(|| Heading::Group {
                        group: group.clone(),
                        group_en: group_en.clone(),
                        columns,
                    })
                }
                Heading::One(c) => keep(c).then(|| Heading::One(c.clone())),
            })
            .collect();
        (Definition { columns, ..self.clone() }, gone)
    }

    fn check(&self) -> Result<(), BadDefinition> {
        if self.code.is_empty() || !self.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(BadDefinition::Code(self.code.clone()));
        }
        let empty_group =
            self.columns.iter().any(|h| matches!(h, Heading::Group { columns, .. } if columns.is_empty()));
        let n = self.flat().len();
        if n == 0 || n > 60 || empty_group {
            return Err(BadDefinition::Columns(self.code.clone()));
        }
        for c in self.flat() {
            match &c.count {
                Count::Sex { sex } if sex != "male" && sex != "female" => {
                    return Err(BadDefinition::Count(self.code.clone(), format!("sex {sex}")));
                }
                Count::Age { from, to: Some(to) } if to < from => {
                    return Err(BadDefinition::Count(self.code.clone(), format!("age {from}–{to}")));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Reads and checks definitions from JSON (a list).
pub fn parse(json: &str) -> Result<Vec<Definition>, BadDefinition> {
    let all: Vec<Definition> = serde_json::from_str(json).map_err(|e| BadDefinition::Shape(e.to_string()))?;
    for (i, d) in all.iter().enumerate() {
        d.check()?;
        if all[..i].iter().any(|e| e.code == d.code) {
            return Err(BadDefinition::Code(d.code.clone()));
        }
    }
    Ok(all)
}

/// linli's own definitions.
pub fn built_in() -> &'static [Definition] {
    static ALL: OnceLock<Vec<Definition>> = OnceLock::new();
    // Checked by the tests below: a bad file fails them, never a server.
    ALL.get_or_init(|| parse(include_str!("reports.json")).unwrap_or_default())
}

/// One of linli's definitions by its code.
pub fn find(code: &str) -> Option<&'static Definition> {
    built_in().iter().find(|d| d.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_definitions_read_and_check() {
        let all = parse(include_str!("reports.json")).expect("reports.json");
        assert_eq!(all.len(), built_in().len());
        let population = find("population").unwrap();
        assert_eq!(population.title, "人口基本情况统计表");
        assert_eq!(population.flat().len(), 12);
        assert!(matches!(population.columns[2], Heading::Group { ref group, .. } if group == "性别"));
        let special = find("special_groups").unwrap();
        assert_eq!(special.tags().len(), 9);
        let (kept, gone) =
            special.without(|c| matches!(&c.count, Count::Tag { tag } if tag == "残疾人" || tag.starts_with('低')));
        assert_eq!(gone, ["低保", "残疾人"]);
        assert_eq!(kept.flat().len(), special.flat().len() - 2);
    }

    #[test]
    fn a_bad_definition_is_refused_with_its_fault() {
        let one = |count: &str| {
            format!(
                r#"[{{"code":"x","title":"t","title_en":"t","columns":[{{"label":"a","label_en":"a","count":{count}}}]}}]"#
            )
        };
        assert!(parse(&one(r#"{"of":"people"}"#)).is_ok());
        assert!(matches!(parse(&one(r#"{"of":"sex","sex":"other"}"#)), Err(BadDefinition::Count(..))));
        assert!(matches!(parse(&one(r#"{"of":"age","from":60,"to":18}"#)), Err(BadDefinition::Count(..))));
        assert!(matches!(parse(&one(r#"{"of":"salary"}"#)), Err(BadDefinition::Shape(_))));
        assert!(matches!(
            parse(r#"[{"code":"A b","title":"t","title_en":"t","columns":[]}]"#),
            Err(BadDefinition::Code(_))
        ));
        let twice = format!("[{0},{0}]", &one(r#"{"of":"people"}"#)[1..one(r#"{"of":"people"}"#).len() - 1]);
        assert!(matches!(parse(&twice), Err(BadDefinition::Code(_))));
        let empty =
            r#"[{"code":"x","title":"t","title_en":"t","columns":[{"group":"g","group_en":"g","columns":[]}]}]"#;
        assert!(matches!(parse(empty), Err(BadDefinition::Columns(_))));
    }
}
