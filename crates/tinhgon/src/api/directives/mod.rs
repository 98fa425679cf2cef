//! The API of the party's directives: documents and their files, programmes' tasks, and review
//! campaigns with their reports.

pub(crate) mod campaigns;
pub(crate) mod documents;
pub(crate) mod tasks;
