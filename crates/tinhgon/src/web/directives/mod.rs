//! Pages of directives: the register of party documents, a unit's documents and a document's page
//! with the chain of implementing documents below it.

pub(crate) mod campaigns;
pub(crate) mod documents;
mod shown;
pub(crate) mod task_forms;
pub(crate) mod tasks;
