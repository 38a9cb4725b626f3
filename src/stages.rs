//! Where a build's time goes, stage by stage: `build --verbose` prints it, and the
//! performance notes in the README come from it.

use std::time::{Duration, Instant};

/// Wall time of each stage, in order.
#[derive(Debug, Clone)]
pub struct Stages {
    last: Instant,
    /// `(stage, time)` pairs.
    pub marks: Vec<(&'static str, Duration)>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            marks: Vec::new(),
        }
    }
}

impl Stages {
    /// Closes the stage that ran since the previous mark.
    pub fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.marks.push((stage, now - self.last));
        self.last = now;
    }

    /// Adds the marks of another timer (a stage run earlier).
    pub fn extend(&mut self, other: &Stages) {
        self.marks.extend(other.marks.iter().copied());
        self.last = Instant::now();
    }
}
