//! User-facing texts, zh-CN first and English second.
//!
//! Every text is a named field of a plain struct, one file per area
//! (`shell`, `people`, `registry`, `events`, `services`, `visits`, `bills`,
//! `kiosk`, `refusals` for why input was refused, and `common` for what
//! several areas share), with one `ZH` and one `EN` value per area. We chose this over message catalogues such as
//! Fluent: a language that misses a text does not compile, a template
//! (askama) that names a text that does not exist does not compile, a page
//! looks a text up as a field (no runtime lookup, nothing to parse at
//! start-up), and no dependency is added. The test below walks every text of
//! both languages and fails on an empty one or one left untranslated.

/// Lists a struct's texts by name, for the completeness test.
pub trait Listing {
    /// Appends `(path, text)` for every text under `path`.
    fn list(&self, path: &str, out: &mut Vec<(String, &'static str)>);

    /// Every text with its dotted name, in declaration order.
    fn all(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        self.list("", &mut out);
        out
    }
}

impl Listing for &'static str {
    fn list(&self, path: &str, out: &mut Vec<(String, &'static str)>) {
        out.push((path.to_owned(), self));
    }
}

/// A table of (stored key, label): the labels are the texts.
impl<const N: usize> Listing for [(&'static str, &'static str); N] {
    fn list(&self, path: &str, out: &mut Vec<(String, &'static str)>) {
        for (key, label) in self {
            out.push((format!("{path}[{key}]"), label));
        }
    }
}

/// Declares a struct of texts: each field is a `&'static str` unless it
/// names another type (a nested group of texts or a key/label table), and
/// the struct lists its texts by name ([`Listing`]).
macro_rules! texts {
    ($(#[$doc:meta])* pub struct $name:ident { $($(#[$fdoc:meta])* $field:ident $(: $ty:ty)?),* $(,)? }) => {
        $(#[$doc])*
        pub struct $name {
            $($(#[$fdoc])* pub $field: texts!(@type $($ty)?),)*
        }

        impl $crate::web::i18n::Listing for $name {
            fn list(&self, path: &str, out: &mut Vec<(String, &'static str)>) {
                $(
                    let name = if path.is_empty() { stringify!($field).to_owned() } else { format!("{path}.{}", stringify!($field)) };
                    $crate::web::i18n::Listing::list(&self.$field, &name, out);
                )*
            }
        }
    };
    (@type) => { &'static str };
    (@type $ty:ty) => { $ty };
}

pub mod bills;
pub mod centre;
pub mod common;
pub mod dashboard;
pub mod desk;
pub mod events;
pub mod kiosk;
pub mod life;
pub mod mediation;
pub mod people;
pub mod refusals;
pub mod registry;
pub mod resident;
pub mod services;
pub mod shell;
pub mod units;
pub mod visits;
pub mod wall;
pub mod words;

pub use shell::Texts;

/// A language linli speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The cookie and form value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses the cookie or form value.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best match for an `Accept-Language` header: the first of zh or en
    /// by quality; Chinese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Zh, |(_, l)| l)
    }

    /// The texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &shell::ZH,
            Lang::En => &shell::EN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that are meant to be the same in both languages, or to carry no
    /// Chinese in the Chinese page: the other language's own name and code,
    /// and the `lang` attribute.
    const ALLOWED: &[&str] = &["html_lang", "switch_lang", "other_lang"];

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'))
    }

    fn has_letters(s: &str) -> bool {
        s.chars().any(|c| c.is_ascii_alphabetic())
    }

    /// What is wrong with the texts of two languages, one line per fault.
    fn faults(zh: &[(String, &'static str)], en: &[(String, &'static str)]) -> Vec<String> {
        let names = |l: &[(String, &str)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        if names(zh) != names(en) {
            return vec!["the two languages list different texts".to_owned()];
        }
        let mut out = Vec::new();
        for ((name, z), (_, e)) in zh.iter().zip(en) {
            if z.trim().is_empty() || e.trim().is_empty() {
                out.push(format!("{name}: empty"));
            } else if ALLOWED.contains(&name.as_str()) {
                continue;
            } else if has_letters(e) && !has_chinese(z) {
                out.push(format!("{name}: the Chinese text {z:?} has no Chinese"));
            } else if z == e {
                out.push(format!("{name}: {z:?} is the same in both languages"));
            }
        }
        out
    }

    #[test]
    fn every_text_exists_and_is_translated_in_both_languages() {
        let zh = Lang::Zh.texts().all();
        let en = Lang::En.texts().all();
        assert!(zh.len() > 600, "only {} texts listed", zh.len());
        let faults = faults(&zh, &en);
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }

    #[test]
    fn an_empty_or_untranslated_text_is_caught() {
        let en = vec![("a".to_owned(), "Save"), ("b".to_owned(), "Show"), ("c".to_owned(), "Look up")];
        let zh = vec![("a".to_owned(), "保存"), ("b".to_owned(), "Show"), ("c".to_owned(), "")];
        assert_eq!(faults(&zh, &en), ["b: the Chinese text \"Show\" has no Chinese", "c: empty"]);
        let copied = vec![("a".to_owned(), "保存"), ("b".to_owned(), "显示"), ("c".to_owned(), "查询")];
        let same = vec![("a".to_owned(), "Save"), ("b".to_owned(), "显示"), ("c".to_owned(), "Look up")];
        assert_eq!(faults(&copied, &same), ["b: \"显示\" is the same in both languages"]);
        let fewer = vec![("a".to_owned(), "Save")];
        assert_eq!(faults(&copied, &fewer), ["the two languages list different texts"]);
    }

    #[test]
    fn accept_language_prefers_the_higher_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
