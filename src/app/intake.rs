//! Taking reports in at volume. Each report is checked and prepared on its
//! own request; then one task writes it together with the others that came
//! in meanwhile, in one transaction with one statement per table (group
//! commit). A report's request answers only once its event, first step,
//! receipt and audit entry are committed. SQLite has a single writer, so
//! this is what lets it take thousands of reports a second; PostgreSQL
//! gains fewer round trips.

use linli_store::event::{self as store, EventRow, Notification, PhotoRow, StepRow};
use linli_store::{Db, Error};
use tokio::sync::{mpsc, oneshot};

use super::audit::{Actor, record_many};

/// The most reports one transaction writes.
const BATCH: usize = 256;

/// A report, ready to write.
pub(crate) struct Intake {
    /// Counted against its address (an anonymous report): (key, address).
    pub attempt: Option<(String, String)>,
    pub event: EventRow,
    pub step: StepRow,
    /// The receipt to the reporter.
    pub receipt: Option<Notification>,
    pub photos: Vec<PhotoRow>,
    pub actor: Actor,
    pub detail: serde_json::Value,
}

type Job = (Intake, oneshot::Sender<Result<(), Error>>);

/// The queue reports wait in for their transaction.
#[derive(Clone)]
pub(crate) struct Queue(mpsc::Sender<Job>);

impl Queue {
    /// Starts the writing task.
    pub(crate) fn start(db: Db) -> Queue {
        let (tx, mut rx) = mpsc::channel::<Job>(4 * BATCH);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < BATCH {
                    match rx.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                let all: Vec<&Intake> = jobs.iter().map(|j| &j.0).collect();
                if write(&db, &all).await.is_ok() {
                    for (_, reply) in jobs {
                        let _ = reply.send(Ok(()));
                    }
                    continue;
                }
                // One bad report must not sink the others: each on its own.
                for (intake, reply) in jobs {
                    let _ = reply.send(write(&db, &[&intake]).await);
                }
            }
        });
        Queue(tx)
    }

    /// Writes a report; returns once it is committed.
    pub(crate) async fn submit(&self, intake: Intake) -> Result<(), Error> {
        let (reply, answer) = oneshot::channel();
        let closed = || Error::Unreachable { target: "intake".into(), reason: "the intake task stopped".into() };
        self.0.send((intake, reply)).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn write(db: &Db, items: &[&Intake]) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    for i in items {
        if let Some((key, ip)) = &i.attempt {
            linli_store::account::record_attempt(&mut tx, key, ip, i.event.created_at, false).await?;
        }
    }
    let events: Vec<EventRow> = items.iter().map(|i| i.event.clone()).collect();
    store::insert(&mut tx, &events).await?;
    let steps: Vec<StepRow> = items.iter().map(|i| i.step.clone()).collect();
    store::add_steps(&mut tx, &steps).await?;
    let receipts: Vec<Notification> = items.iter().filter_map(|i| i.receipt.clone()).collect();
    store::notify_many(&mut tx, &receipts).await?;
    let photos: Vec<PhotoRow> = items.iter().flat_map(|i| i.photos.iter().cloned()).collect();
    store::add_photos(&mut tx, &photos).await?;
    let entries: Vec<(&Actor, &str, &str, serde_json::Value)> =
        items.iter().map(|i| (&i.actor, "event.report", i.event.code.as_str(), i.detail.clone())).collect();
    record_many(&mut tx, &entries).await.map_err(|e| match e {
        super::Error::Store(s) => s,
        other => Error::Unreachable { target: "audit".into(), reason: other.to_string() },
    })?;
    tx.commit().await
}
