//! Rate limits and lockouts, all counted the same way: an attempt is
//! counted first, in one database statement that returns the new count,
//! and only an attempt whose count is within the limit goes on to the work
//! it guards (a password hash, a registry look-up, a report). So a burst of
//! parallel requests gets exactly the limit through, on every server
//! sharing the database. An attempt that turns out not to count (a correct
//! password, a resident found) is given back.

use chrono::{Duration, Utc};
use linli_store::access::limit::{self as store, Count};

use crate::app::{App, Result};

/// A limit: at most `max` attempts per `window`, for each subject of a kind.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Keeps the counters of different limits apart (`signin`, `register` …).
    pub kind: &'static str,
    /// Attempts allowed in a window.
    pub max: i64,
    /// How long a window lasts from its first attempt.
    pub window_minutes: i64,
}

impl Limit {
    fn window(&self) -> Duration {
        Duration::minutes(self.window_minutes)
    }
}

/// The longest window in use; buckets older than this are forgotten.
pub const LONGEST_WINDOW_MINUTES: i64 = 60;

/// An attempt that was counted.
#[derive(Debug, Clone)]
pub struct Counted {
    bucket: String,
    count: Count,
    limit: Limit,
}

impl Counted {
    /// Attempts in the window so far, this one included.
    pub fn n(&self) -> i64 {
        self.count.n
    }

    /// Whether this attempt is past the limit (and must not go on).
    pub fn over(&self) -> bool {
        self.count.n > self.limit.max
    }

    /// Whether this attempt used up the last one allowed.
    pub fn last_allowed(&self) -> bool {
        self.count.n == self.limit.max
    }

    /// Whole minutes (at least 1) until the window ends and attempts are
    /// allowed again.
    pub fn minutes_left(&self) -> i64 {
        let until = self.count.window_start + self.limit.window();
        (((until - Utc::now()).num_seconds() + 59) / 60).max(1)
    }
}

/// Refused: the limit is reached; try again in `minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceeded {
    /// Whole minutes until attempts are allowed again.
    pub minutes: i64,
}

impl App {
    /// The bucket of a subject: its kind and a keyed hash, so that no
    /// login, phone or address is stored in clear.
    fn bucket(&self, limit: &Limit, subject: &str) -> String {
        format!("{}:{}", limit.kind, self.keys().lookup_hash("rate-limit", &format!("{}\0{subject}", limit.kind)))
    }

    /// Counts an attempt of `subject` against `limit`, committed at once;
    /// look at [`Counted::over`] before doing the work it guards.
    pub async fn count_attempt(&self, limit: &Limit, subject: &str) -> Result<Counted> {
        let bucket = self.bucket(limit, subject);
        let count = store::hit(self.db(), &bucket, Utc::now(), limit.window()).await?;
        Ok(Counted { bucket, count, limit: *limit })
    }

    /// Counts an attempt and refuses it when past the limit: the one call
    /// most limits need, made before the work they guard.
    pub async fn reserve(&self, limit: &Limit, subject: &str) -> Result<Result<Counted, Exceeded>> {
        let counted = self.count_attempt(limit, subject).await?;
        Ok(if counted.over() { Err(Exceeded { minutes: counted.minutes_left() }) } else { Ok(counted) })
    }

    /// Takes back an attempt that turned out not to count.
    pub async fn give_back(&self, counted: &Counted) -> Result<()> {
        Ok(store::give_back(self.db(), &counted.bucket, counted.count).await?)
    }

    /// Attempts of `subject` in the current window, without counting one.
    pub async fn attempts_so_far(&self, limit: &Limit, subject: &str) -> Result<i64> {
        Ok(store::peek(self.db(), &self.bucket(limit, subject), Utc::now(), limit.window()).await?)
    }

    /// Forgets counters whose window is long over (housekeeping).
    pub async fn forget_old_attempts(&self) -> Result<u64> {
        let before = Utc::now() - Duration::minutes(LONGEST_WINDOW_MINUTES);
        Ok(store::forget_before(self.db(), before).await?)
    }
}
