//! Taking reports in at volume. Each report is checked and prepared on its
//! own request; then the intake's queue writes it together with the others
//! that came in meanwhile, in one transaction with one statement per table
//! (group commit, [`crate::app::system::batch`]). A report's request answers only once
//! its event, its steps, messages and audit entries are committed (a report
//! a certain rule routes enters already dispatched, in the same transaction).

use linli_store::events::event::{self as store, EventRow};
use linli_store::events::photo::{self, PhotoRow};
use linli_store::events::timeline::{self, StepRow};
use linli_store::notify::outbox::{self, Notification};
use linli_store::{Db, Error};

use crate::app::access::audit::{Actor, record_many};

/// A report, ready to write.
pub(crate) struct Intake {
    pub event: EventRow,
    /// The report, and routing's accept and dispatch when a rule is certain.
    pub steps: Vec<StepRow>,
    /// The receipt to the reporter; the unit's inbox when routed.
    pub messages: Vec<Notification>,
    pub photos: Vec<PhotoRow>,
    /// Who did what: (actor, audit action, detail).
    pub audit: Vec<(Actor, &'static str, serde_json::Value)>,
}

/// The queue reports wait in for their transaction.
pub(crate) type Queue = crate::app::system::batch::Queue<Intake, ()>;

/// Starts the writing task.
pub(crate) fn start(db: Db) -> Queue {
    Queue::start(db, "intake", |db, items| Box::pin(write(db, items)))
}

async fn write(db: &Db, items: &[&Intake]) -> Result<Vec<()>, Error> {
    let mut tx = db.begin().await?;
    let events: Vec<EventRow> = items.iter().map(|i| i.event.clone()).collect();
    store::insert(&mut tx, &events).await?;
    let steps: Vec<StepRow> = items.iter().flat_map(|i| i.steps.iter().cloned()).collect();
    timeline::add_steps(&mut tx, &steps).await?;
    let messages: Vec<Notification> = items.iter().flat_map(|i| i.messages.iter().cloned()).collect();
    outbox::notify_many(&mut tx, &messages).await?;
    let photos: Vec<PhotoRow> = items.iter().flat_map(|i| i.photos.iter().cloned()).collect();
    photo::add_photos(&mut tx, &photos).await?;
    let entries: Vec<(&Actor, &str, &str, serde_json::Value)> = items
        .iter()
        .flat_map(|i| i.audit.iter().map(|(actor, what, detail)| (actor, *what, i.event.code.as_str(), detail.clone())))
        .collect();
    record_many(&mut tx, &entries).await.map_err(|e| match e {
        crate::app::Error::Store(s) => s,
        other => Error::Unreachable { target: "audit".into(), reason: other.to_string() },
    })?;
    tx.commit().await?;
    Ok(vec![(); items.len()])
}
