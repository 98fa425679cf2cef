//! The form of a document's page that was sent, with its values and errors, to be shown again
//! beside it: the page and the forms of its tasks share it.

use crate::services::RowError;
use crate::web::forms::Fields;

/// Which form of a document's page the values and errors shown belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    None,
    Issue,
    Task,
    Rollup,
    Progress(i64),
}

/// The values and errors of the form that was sent, shown again beside it.
pub(crate) struct Shown<'a> {
    pub(crate) which: Which,
    pub(crate) values: &'a Fields,
    pub(crate) errors: &'a [RowError],
}

impl Shown<'_> {
    /// The values and errors for one form: those sent when it was this one, none otherwise.
    pub(crate) fn of(&self, which: Which) -> (&Fields, &[RowError]) {
        static EMPTY: std::sync::LazyLock<Fields> = std::sync::LazyLock::new(Fields::new);
        if self.which == which {
            (self.values, self.errors)
        } else {
            (&EMPTY, &[])
        }
    }
}
