//! The frame every page shares ([`Shell`]: texts, display mode, the form
//! token, who is signed in) and how a page is rendered.

use askama::Template;
use axum::response::Html;

use crate::web::assets;
use crate::web::error::{ErrorCode, OwnBody, WebError};
use crate::web::i18n::Texts;
use crate::web::prefs::Prefs;

/// What every page's frame needs: texts, display mode, where we are.
pub struct Shell {
    /// Texts in the visitor's language.
    pub t: &'static Texts,
    /// Large-text mode.
    pub large: bool,
    /// Current path, for the preference form to come back to.
    pub path: String,
    /// Versioned stylesheet URL.
    pub css: &'static str,
    /// Versioned icon URL.
    pub icon: &'static str,
    /// linli's version.
    pub version: &'static str,
    /// The token every form echoes.
    pub csrf: String,
    /// The signed-in user's name, if any.
    pub user: Option<String>,
    /// The places the signed-in user may open: (key, path, label).
    pub nav: Vec<(&'static str, &'static str, &'static str)>,
    /// A page shown on the kiosk: its own full-screen chrome, nothing of
    /// the staff site (no sign-in, no navigation, no links away).
    pub kiosk: bool,
}

impl Shell {
    /// The shell for a request.
    pub fn new(prefs: Prefs, path: &str, csrf: &str) -> Shell {
        Shell {
            t: prefs.lang.texts(),
            large: prefs.large,
            path: path.to_owned(),
            css: assets::url("app.css"),
            icon: assets::url("icon.svg"),
            version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.to_owned(),
            user: None,
            nav: Vec::new(),
            kiosk: false,
        }
    }

    /// The same page in the kiosk's chrome: nobody's name, no navigation.
    pub fn in_kiosk(self) -> Shell {
        Shell { kiosk: true, user: None, nav: Vec::new(), ..self }
    }
}

impl Shell {
    /// The shell of a signed-in user's page: her name and her navigation.
    pub fn signed_in(self, user: Option<&crate::app::access::auth::User>) -> Shell {
        match user {
            Some(u) => {
                let shell = Shell { user: Some(u.account.row.display_name.clone()), ..self };
                shell.with_places(&crate::app::access::desk::places(u))
            }
            None => self,
        }
    }

    /// The navigation of a signed-in user: the places they may open.
    pub fn with_places(mut self, places: &[crate::app::access::desk::Place]) -> Shell {
        let label = |key: &str| self.t.desk.places.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| *l);
        self.nav = places.iter().map(|p| (p.key(), p.path(), label(p.key()))).collect();
        self
    }

    /// Who did a step, as a person reads it: a name stays a name; linli's
    /// own actors (`cli:`, `pay:`, `token:`) are said in words.
    pub fn who(&self, actor: &str) -> String {
        let t = &self.t.common;
        match actor.split_once(':') {
            Some(("cli", _)) => t.by_cli.to_owned(),
            Some(("pay", _)) => t.by_payment.to_owned(),
            Some(("token", name)) => t.by_api.replace("{name}", name),
            _ => actor.to_owned(),
        }
    }

    /// Whether `path` is the page shown or one below it (the navigation marks it).
    pub fn here(&self, path: &str) -> bool {
        self.path == path || self.path.strip_prefix(path).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Renders a page with its status. A page rendered here keeps its body even
/// on a 4xx (a form shown again with its message) instead of the error page.
pub fn own_page<T: Template, E: From<WebError>>(
    status: axum::http::StatusCode,
    page: T,
) -> Result<axum::response::Response, E> {
    use axum::response::IntoResponse;
    let html = page.render().map_err(|e| {
        tracing::error!(error = %e, "template failed");
        E::from(WebError::new(ErrorCode::Internal))
    })?;
    let mut res = (status, Html(html)).into_response();
    res.extensions_mut().insert(OwnBody);
    Ok(res)
}

/// Renders a page; a template that fails is logged and answered with a 500.
pub fn html<T: Template>(page: T) -> Result<Html<String>, WebError> {
    page.render().map(Html).map_err(|e| {
        tracing::error!(error = %e, "template failed");
        WebError::new(ErrorCode::Internal)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;
    use crate::web::prefs::Prefs;

    #[test]
    fn linli_s_own_actors_are_said_in_words() {
        for lang in [Lang::Zh, Lang::En] {
            let shell = Shell::new(Prefs { lang, large: false }, "/", "");
            let t = &shell.t.common;
            assert_eq!(shell.who("刘媛媛"), "刘媛媛");
            assert_eq!(shell.who("cli:root"), t.by_cli);
            assert_eq!(shell.who("pay:sim"), t.by_payment);
            assert_eq!(shell.who("token:kiosk-1"), t.by_api.replace("{name}", "kiosk-1"));
            assert!(!shell.who("cli:root").contains("cli"));
        }
    }
}
