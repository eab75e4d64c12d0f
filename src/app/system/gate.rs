//! Work that costs much memory or time, bounded server-wide. Decoding
//! photos, reading sheets and building exports each take places in a gate; past its capacity
//! a request waits a moment, then is refused ([`Error::Busy`], 503 with
//! Retry-After) instead of queuing without bound.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::app::{Error, Result};

/// Places for one kind of heavy work.
#[derive(Debug)]
pub struct Gate {
    places: Arc<Semaphore>,
    capacity: u32,
    wait: Duration,
    what: &'static str,
}

/// A place taken in a [`Gate`]; given back when dropped.
#[derive(Debug)]
pub struct Pass(#[allow(dead_code)] OwnedSemaphorePermit);

impl Gate {
    /// A gate of `capacity` places where a request waits at most `wait`.
    pub fn new(what: &'static str, capacity: u32, wait: Duration) -> Gate {
        Gate { places: Arc::new(Semaphore::new(capacity as usize)), capacity, wait, what }
    }

    /// Takes `weight` places (at least one, at most all), waiting at most
    /// the gate's wait for them.
    pub async fn enter(&self, weight: u32) -> Result<Pass> {
        let weight = weight.clamp(1, self.capacity);
        match tokio::time::timeout(self.wait, Arc::clone(&self.places).acquire_many_owned(weight)).await {
            Ok(Ok(permit)) => Ok(Pass(permit)),
            _ => Err(Error::Busy(self.what)),
        }
    }

    /// Takes one place, waiting as long as it takes: for work whose queue
    /// is bounded elsewhere (the export jobs).
    pub async fn queue(&self) -> Pass {
        Pass(Arc::clone(&self.places).acquire_owned().await.expect("a gate is never closed"))
    }

    /// Places free now.
    pub fn free(&self) -> usize {
        self.places.available_permits()
    }
}

/// Megabytes of decoded pixels the whole server holds at once: one photo at
/// the largest (160 MB) and a few ordinary ones beside it.
pub const PHOTO_MB: u32 = 256;

/// Sheets read and imported at once server-wide (each up to a few hundred
/// MB of cells at its bounds).
pub const SHEETS: u32 = 2;

/// Exports built at once server-wide (each holds its rows and its file).
pub const EXPORTS: u32 = 2;

/// Dashboards and reports counted at once server-wide (each a few passes
/// over an area's people and events): a burst waits its turn, briefly.
pub const FIGURES: u32 = 4;

/// How long a request waits for a place before it is refused.
pub const WAIT: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_its_places_a_gate_refuses_and_a_returned_place_lets_the_next_in() {
        let gate = Gate::new("photos", 10, Duration::from_millis(20));
        let big = gate.enter(8).await.unwrap();
        let small = gate.enter(2).await.unwrap();
        assert!(matches!(gate.enter(1).await, Err(Error::Busy("photos"))));
        drop(small);
        let again = gate.enter(50).await;
        assert!(matches!(again, Err(Error::Busy(_))), "heavier than what is free waits, then is refused");
        drop(big);
        let all = gate.enter(50).await.unwrap();
        assert_eq!(gate.free(), 0, "a weight above the capacity takes all of it rather than never entering");
        drop(all);
        assert_eq!(gate.free(), 10);
    }
}
