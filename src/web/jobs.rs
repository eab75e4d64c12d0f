//! Long imports and exports run as jobs in this process; the page that
//! started one follows its progress (it reloads itself every second, no
//! script needed) and shows the result or the file to download. A job
//! belongs to the account that started it. Jobs are bounded: an account
//! runs one of each kind at a time, at most [`MAX_PENDING`] run or wait
//! server-wide (exports take their turns in the app's export gate), and a finished job and its
//! file are dropped from memory [`KEEP`] after it ends (or sooner, when
//! more than [`MAX_KEPT`] are kept or its owner starts another).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use tokio::time::Instant;
use uuid::Uuid;

use super::AppState;
use super::caller::{Refusal, Visitor};
use super::error::{ErrorCode, WebError};
use super::shell::{Shell, own_page};
use crate::app::registry::import::ImportReport;

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

/// Jobs running or waiting server-wide; past it a new one is refused (503).
pub const MAX_PENDING: usize = 8;
/// How long a finished job (and its file) is kept.
pub const KEEP: Duration = Duration::from_secs(15 * 60);
/// Finished jobs kept at most; the oldest go first.
pub const MAX_KEPT: usize = 16;

/// The jobs of this process.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<Uuid, Job>>,
}

/// A job's place among the jobs: reports its progress and its end. Dropped
/// before it finished (a panic, a request given up), it ends the job as
/// interrupted, so that its owner may start another.
#[derive(Debug)]
pub struct Ticket {
    jobs: Arc<Jobs>,
    id: Uuid,
    /// Run while a request waits: forgotten when it ends, not kept.
    inline: bool,
    done: bool,
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Job>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a job whose page follows it; refused while the owner has
    /// one of this kind unfinished ([`ErrorCode::JobRunning`], 429) or the
    /// server has [`MAX_PENDING`] unfinished ([`ErrorCode::Busy`], 503).
    pub fn start(self: &Arc<Self>, owner: Uuid, kind: &'static str) -> Result<Ticket, WebError> {
        self.register(owner, kind, false)
    }

    /// The same bounds for work a request waits for (a direct download):
    /// the job is forgotten when the ticket is dropped.
    pub fn claim(self: &Arc<Self>, owner: Uuid, kind: &'static str) -> Result<Ticket, WebError> {
        self.register(owner, kind, true)
    }

    fn register(self: &Arc<Self>, owner: Uuid, kind: &'static str, inline: bool) -> Result<Ticket, WebError> {
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.ended.is_none_or(|t| t.elapsed() < KEEP));
        if jobs.values().any(|j| j.owner == owner && j.kind == kind && j.ended.is_none()) {
            return Err(WebError::new(ErrorCode::JobRunning));
        }
        if jobs.values().filter(|j| j.ended.is_none()).count() >= MAX_PENDING {
            tracing::warn!(kind, "jobs: queue full, refused with 503");
            return Err(WebError::new(ErrorCode::Busy));
        }
        // A new job replaces its owner's finished one of the same kind.
        jobs.retain(|_, j| !(j.owner == owner && j.kind == kind));
        let id = Uuid::new_v4();
        jobs.insert(id, Job { owner, kind, done: 0, total: 0, outcome: None, ended: None });
        Ok(Ticket { jobs: Arc::clone(self), id, inline, done: false })
    }

    /// A job, only for the account that started it.
    pub fn get(&self, id: Uuid, owner: Uuid) -> Option<Job> {
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.ended.is_none_or(|t| t.elapsed() < KEEP));
        jobs.get(&id).filter(|j| j.owner == owner).cloned()
    }

    /// Jobs kept in memory, finished or not.
    pub fn kept(&self) -> usize {
        self.lock().len()
    }

    fn end(self: &Arc<Self>, id: Uuid, outcome: Outcome) {
        let mut jobs = self.lock();
        if let Some(j) = jobs.get_mut(&id) {
            j.outcome = Some(outcome);
            j.ended = Some(Instant::now());
        }
        let mut finished: Vec<(Instant, Uuid)> = jobs.iter().filter_map(|(id, j)| Some((j.ended?, *id))).collect();
        if finished.len() > MAX_KEPT {
            finished.sort();
            for (_, old) in &finished[..finished.len() - MAX_KEPT] {
                jobs.remove(old);
            }
        }
        drop(jobs);
        // Dropped from memory when it expires, whether or not anyone looks.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let jobs = Arc::downgrade(self);
            runtime.spawn(async move {
                tokio::time::sleep(KEEP).await;
                if let Some(jobs) = jobs.upgrade() {
                    jobs.lock().retain(|_, j| j.ended.is_none_or(|t| t.elapsed() < KEEP));
                }
            });
        }
    }
}

impl Ticket {
    /// The job's id, for its page.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Records progress.
    pub fn progress(&self, done: usize, total: usize) {
        if let Some(j) = self.jobs.lock().get_mut(&self.id) {
            (j.done, j.total) = (done, total);
        }
    }

    /// Records how it ended.
    pub fn finish(mut self, outcome: Outcome) {
        self.done = true;
        if self.inline {
            self.jobs.lock().remove(&self.id);
        } else {
            self.jobs.end(self.id, outcome);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if self.inline {
            self.jobs.lock().remove(&self.id);
        } else {
            self.jobs
                .end(self.id, Outcome::Failed("任务中断，请重新开始 / the job was interrupted; start it again".into()));
        }
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
            Ok(super::download::attachment(kind, stem, ext, bytes.as_ref().clone()))
        }
        _ => Err(WebError::new(ErrorCode::NotFound).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Ticket, WebError>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[tokio::test]
    async fn one_job_of_a_kind_per_account_a_bounded_queue_and_results_that_go() {
        let jobs = Arc::new(Jobs::default());
        let (liu, wang) = (Uuid::new_v4(), Uuid::new_v4());
        let first = jobs.start(liu, "export").unwrap();
        assert_eq!(code(jobs.start(liu, "export")), Some(ErrorCode::JobRunning), "one running export per account");
        assert_eq!(code(jobs.claim(liu, "export")), Some(ErrorCode::JobRunning), "a direct download too");
        let import = jobs.start(liu, "import").unwrap();
        let others: Vec<Ticket> = (0..MAX_PENDING - 2).map(|_| jobs.start(Uuid::new_v4(), "export").unwrap()).collect();
        assert_eq!(code(jobs.start(wang, "export")), Some(ErrorCode::Busy), "the queue is full");
        first.finish(Outcome::Failed("x".into()));
        let again = jobs.start(liu, "export").unwrap();
        assert_eq!(jobs.kept(), MAX_PENDING, "liu's finished export made way for the new one");
        // A ticket dropped unfinished ends its job, so the owner is not stuck.
        drop(again);
        let job = jobs.lock().values().find(|j| j.owner == liu && j.kind == "export").cloned().unwrap();
        assert!(matches!(job.outcome, Some(Outcome::Failed(_))));
        drop(import);
        for t in others {
            t.finish(Outcome::File("f.csv".into(), "text/csv", Arc::new(vec![0; 10])));
        }
        // More results than are kept: the oldest go.
        for _ in 0..MAX_KEPT {
            jobs.start(Uuid::new_v4(), "export").unwrap().finish(Outcome::Failed("x".into()));
        }
        assert_eq!(jobs.kept(), MAX_KEPT);
        // An inline job leaves nothing behind.
        jobs.claim(wang, "export").unwrap().finish(Outcome::Failed("x".into()));
        drop(jobs.claim(wang, "export").unwrap());
        assert!(jobs.lock().values().all(|j| j.owner != wang));
    }

    #[tokio::test(start_paused = true)]
    async fn a_finished_job_is_dropped_from_memory_when_it_expires() {
        let jobs = Arc::new(Jobs::default());
        let t = jobs.start(Uuid::new_v4(), "export").unwrap();
        t.finish(Outcome::File("f.xlsx".into(), "x", Arc::new(vec![0; 1024])));
        assert_eq!(jobs.kept(), 1);
        tokio::time::sleep(KEEP + Duration::from_secs(1)).await;
        tokio::task::yield_now().await;
        assert_eq!(jobs.kept(), 0, "nobody looked, and it is gone");
    }
}
