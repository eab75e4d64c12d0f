//! Group commit: jobs wait in a queue for one task, which writes all that
//! came in meanwhile in one transaction (up to a limit). Each caller hears
//! back once its job is committed. If the batch fails, each job is written
//! alone — tried again, up to three times, when it lost a race (a unique
//! key or a guard another writer got to first) — so that one bad job never
//! sinks the others. SQLite has one writer: this is what lets it take
//! thousands of writes a second; PostgreSQL gains fewer round trips.

use std::future::Future;
use std::pin::Pin;

use linli_store::{Db, Error};
use tokio::sync::{mpsc, oneshot};

/// The most jobs one transaction writes.
const BATCH: usize = 256;

/// How a batch is written: one outcome per job, in order.
pub(crate) type Write<J, O> =
    for<'a> fn(&'a Db, &'a [&'a J]) -> Pin<Box<dyn Future<Output = Result<Vec<O>, Error>> + Send + 'a>>;

type Job<J, O> = (J, oneshot::Sender<Result<O, Error>>);

/// A queue of jobs for their transaction.
pub(crate) struct Queue<J, O>(mpsc::Sender<Job<J, O>>, &'static str);

impl<J, O> Clone for Queue<J, O> {
    fn clone(&self) -> Self {
        Queue(self.0.clone(), self.1)
    }
}

impl<J: Send + Sync + 'static, O: Send + 'static> Queue<J, O> {
    /// Starts the writing task; `name` names it in errors.
    pub(crate) fn start(db: Db, name: &'static str, write: Write<J, O>) -> Self {
        let (tx, mut rx) = mpsc::channel::<Job<J, O>>(4 * BATCH);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < BATCH {
                    match rx.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                let all: Vec<&J> = jobs.iter().map(|j| &j.0).collect();
                if let Ok(outcomes) = write(&db, &all).await {
                    for ((_, reply), outcome) in jobs.into_iter().zip(outcomes) {
                        let _ = reply.send(Ok(outcome));
                    }
                    continue;
                }
                for (job, reply) in jobs {
                    let mut answer = write(&db, &[&job]).await;
                    for _ in 0..2 {
                        if !matches!(answer, Err(Error::Conflict { .. })) {
                            break;
                        }
                        answer = write(&db, &[&job]).await;
                    }
                    let _ = reply.send(answer.and_then(|mut o| {
                        o.pop().ok_or_else(|| Error::Unreachable { target: name.into(), reason: "no outcome".into() })
                    }));
                }
            }
        });
        Queue(tx, name)
    }

    /// Writes a job; returns once it is committed (or refused).
    pub(crate) async fn submit(&self, job: J) -> Result<O, Error> {
        let (reply, answer) = oneshot::channel();
        let closed = || Error::Unreachable { target: self.1.into(), reason: format!("the {} task stopped", self.1) };
        self.0.send((job, reply)).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}
