//! Long work run in the background for a page — drafting every report of a campaign — with its
//! progress, which the page that follows it shows until it is done.

use std::collections::HashMap;
use std::sync::Mutex;

/// Where a piece of long work stands.
#[derive(Clone, Debug, Default)]
pub struct Job {
    pub done: usize,
    pub all: usize,
    /// Once finished: what it says, in Vietnamese and English, and whether it went well.
    pub outcome: Option<(bool, String, String)>,
}

/// The long work of a server, by key.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Job>>);

impl Jobs {
    /// Starts the work of a key unless it is already running; whether it was started.
    pub fn start(&self, key: &str) -> bool {
        let Ok(mut jobs) = self.0.lock() else { return false };
        if jobs.get(key).is_some_and(|j| j.outcome.is_none()) {
            return false;
        }
        jobs.insert(key.to_string(), Job::default());
        true
    }

    pub fn progress(&self, key: &str, done: usize, all: usize) {
        if let Ok(mut jobs) = self.0.lock() {
            if let Some(j) = jobs.get_mut(key) {
                (j.done, j.all) = (done, all);
            }
        }
    }

    pub fn finish(&self, key: &str, ok: bool, vi: String, en: String) {
        if let Ok(mut jobs) = self.0.lock() {
            if let Some(j) = jobs.get_mut(key) {
                j.outcome = Some((ok, vi, en));
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<Job> {
        self.0.lock().ok().and_then(|jobs| jobs.get(key).cloned())
    }
}
