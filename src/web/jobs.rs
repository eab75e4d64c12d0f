//! Long imports and exports run as jobs in this process; the page that
//! started one follows its progress (it reloads itself every second, no
//! script needed) and shows the result or the file to download. A job
//! belongs to the account that started it and is forgotten an hour after
//! it ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use super::AppState;
use super::account::{Refusal, Visitor};
use super::error::{ErrorCode, WebError};
use super::pages::{Shell, own_page};
use crate::app::import::ImportReport;

/// How a job ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Residents imported (or counted, in a dry run).
    Imported(ImportReport),
    /// A file to download: (name, content type, bytes).
    File(String, &'static str, Arc<Vec<u8>>),
    /// It failed; what to tell the user.
    Failed(String),
}

/// A job as its page shows it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The account that started it.
    pub owner: Uuid,
    /// `import` or `export`.
    pub kind: &'static str,
    /// Units done (rows, households).
    pub done: usize,
    /// Units in all (0 while unknown).
    pub total: usize,
    /// Set when it ends.
    pub outcome: Option<Outcome>,
    ended: Option<Instant>,
}

/// The jobs of this process.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<Uuid, Job>>,
}

/// How long a finished job (and its file) is kept.
const KEEP: Duration = Duration::from_secs(3600);

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Job>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a job; forgets those that ended long ago.
    pub fn start(&self, owner: Uuid, kind: &'static str) -> Uuid {
        let id = Uuid::new_v4();
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.ended.is_none_or(|t| t.elapsed() < KEEP));
        jobs.insert(id, Job { owner, kind, done: 0, total: 0, outcome: None, ended: None });
        id
    }

    /// Records progress.
    pub fn progress(&self, id: Uuid, done: usize, total: usize) {
        if let Some(j) = self.lock().get_mut(&id) {
            (j.done, j.total) = (done, total);
        }
    }

    /// Records how it ended.
    pub fn finish(&self, id: Uuid, outcome: Outcome) {
        if let Some(j) = self.lock().get_mut(&id) {
            j.outcome = Some(outcome);
            j.ended = Some(Instant::now());
        }
    }

    /// A job, only for the account that started it.
    pub fn get(&self, id: Uuid, owner: Uuid) -> Option<Job> {
        self.lock().get(&id).filter(|j| j.owner == owner).cloned()
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    shell: Shell,
    id: Uuid,
    job: Job,
}

impl JobPage {
    fn title(&self) -> &'static str {
        if self.job.kind == "import" { self.shell.t.import_title } else { self.shell.t.registry.job_export }
    }

    fn percent(&self) -> usize {
        (self.job.done * 100).checked_div(self.job.total).unwrap_or(0)
    }
}

fn job_id(text: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(text).map_err(|_| WebError::new(ErrorCode::NotFound))
}

/// `GET /jobs/{id}`: a job's progress, then its result.
pub async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = job_id(&id)?;
    let job = state.jobs.get(id, user.account.row.id).ok_or_else(|| WebError::new(ErrorCode::NotFound))?;
    own_page(StatusCode::OK, JobPage { shell: v.shell(), id, job })
}

/// `GET /jobs/{id}/file`: the file an export job made.
pub async fn file(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let job = state.jobs.get(job_id(&id)?, user.account.row.id).ok_or_else(|| WebError::new(ErrorCode::NotFound))?;
    match job.outcome {
        Some(Outcome::File(name, kind, bytes)) => {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "bin"));
            Ok(super::households::attachment(kind, stem, ext, bytes.as_ref().clone()))
        }
        _ => Err(WebError::new(ErrorCode::NotFound).into()),
    }
}
