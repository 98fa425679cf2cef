//! Statistics: the figures of a unit's subtree on a date, from the in-memory index of the
//! register, kept current with the change log (`verify` is in `trust`).

use crate::services::scope::Reached;
use std::sync::{Arc, Mutex, RwLock};

use tinhgon_domain::access::Action;
use tinhgon_domain::stats::{Comparison, Figures, Index, StatsError};
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::{Refresh, Store, StoreError};

use super::{Absent, Ctx, Error};

/// The statistics index and the change-log sequence it reflects, shared by every request.
#[derive(Default)]
pub struct IndexCache {
    index: RwLock<Option<(i64, Arc<Index>)>>,
    rebuild: Mutex<()>,
}

impl IndexCache {
    /// The index as of the newest change, so that figures always include the caller's own writes:
    /// when the change log has moved on, the index is refreshed with what changed (the whole
    /// register is read only the first time, or after a bulk load).
    pub fn current(&self, store: &mut Store) -> Result<Arc<Index>, StoreError> {
        let seq = store.last_seq()?;
        let current = || self.index.read().ok().and_then(|g| g.clone());
        // An index at or past the head this request saw holds every change the caller made.
        if let Some((s, idx)) = current() {
            if s >= seq {
                return Ok(idx);
            }
        }
        let _one_at_a_time = self.rebuild.lock().map_err(|_| StoreError::Corrupt("index lock poisoned".into()))?;
        // While this request waited, another may have brought the index past its head: then the
        // waiting requests share that refresh instead of each making its own.
        let (seq, idx) = match current() {
            Some((s, idx)) if s >= seq => return Ok(idx),
            Some((s, old)) => match store.refresh_index(&old, s)? {
                (seq, Refresh::Current) => (seq, old),
                (seq, Refresh::Patched(new)) => (seq, Arc::from(new)),
            },
            None => (seq, Arc::new(store.load_index()?)),
        };
        if let Ok(mut g) = self.index.write() {
            *g = Some((seq, Arc::clone(&idx)));
        }
        Ok(idx)
    }
}

/// The figures of a unit in reach on a date, and with `other` those of another date and the
/// differences.
pub fn figures(
    s: &mut Store,
    cx: &Ctx,
    cache: &IndexCache,
    code: &UnitCode,
    at: Date,
    other: Option<Date>,
) -> Result<(Figures, Option<Comparison>), Error> {
    cx.require(Action::Read)?;
    let index = cache.current(s)?;
    let absent = |e: StatsError| Error::NotFound(Absent::said(tinhgon_domain::msg::Said::msg(&e)));
    // Out of reach reads exactly as the index's answer for a unit that does not exist.
    let unit = cx.read(s, |sc| sc.unit(code).map_err(|_| absent(StatsError::UnknownUnit(code.clone()))))?;
    figures_in(&index, &unit, at, other)
}

/// [`figures`] of a unit in reach, from an index already current.
pub(crate) fn figures_in(
    index: &Index,
    code: &Reached<UnitCode>,
    at: Date,
    other: Option<Date>,
) -> Result<(Figures, Option<Comparison>), Error> {
    let absent = |e: StatsError| Error::NotFound(Absent::said(tinhgon_domain::msg::Said::msg(&e)));
    match other {
        Some(o) => index.compare(code, at, o).map(|(f, c)| (f, Some(c))).map_err(absent),
        None => index.figures(code, at).map(|f| (f, None)).map_err(absent),
    }
}
