//! The workbench (工作台) every signed-in user lands on.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::app::access::desk::Todo;
use crate::web::AppState;
use crate::web::caller::{Refusal, Visitor};
use crate::web::shell::{Shell, own_page};

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    shell: Shell,
    todos: Vec<Todo>,
}

impl WorkbenchPage {
    fn label(&self, key: &str) -> &'static str {
        self.shell.t.desk.todos.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| *l)
    }
}

/// `GET /workbench`: today's to-dos with their counts, each opening its
/// filtered list, and every place the user may open.
pub async fn workbench(State(state): State<AppState>, v: Visitor) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let todos = state.app.workbench(user).await?;
    own_page(StatusCode::OK, WorkbenchPage { shell: v.shell(), todos })
}

#[cfg(test)]
mod tests {
    use crate::web::i18n::Lang;

    /// Every count the workbench makes has its words in both languages.
    #[test]
    fn every_todo_is_worded_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for key in crate::app::access::desk::TODO_KEYS {
                let label = lang.texts().desk.todos.iter().find(|(k, _)| *k == key).map(|(_, l)| *l);
                assert!(label.is_some_and(|l| !l.is_empty()), "{key} in {lang:?}");
            }
            assert_eq!(lang.texts().desk.todos.len(), crate::app::access::desk::TODO_KEYS.len());
        }
    }
}
