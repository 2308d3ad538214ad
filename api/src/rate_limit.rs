//! Per-token rate limits, reads and writes counted separately (Attio: 100 reads/s and
//! 25 writes/s). Exceeding one answers 429 with Retry-After.

use crate::error::{ApiError, Result};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::num::NonZeroU32;

pub struct RateLimiter {
    reads: Option<DefaultKeyedRateLimiter<String>>,
    writes: Option<DefaultKeyedRateLimiter<String>>,
}

impl RateLimiter {
    /// Zero disables a limit.
    pub fn new(reads_per_sec: u32, writes_per_sec: u32) -> Self {
        let make = |n: u32| NonZeroU32::new(n).map(|n| governor::RateLimiter::keyed(Quota::per_second(n)));
        Self { reads: make(reads_per_sec), writes: make(writes_per_sec) }
    }

    pub fn check(&self, key: &str, write: bool) -> Result<()> {
        let limiter = if write { &self.writes } else { &self.reads };
        let Some(limiter) = limiter else {
            return Ok(());
        };
        limiter.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64 }
        })
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(100, 25)
    }
}
