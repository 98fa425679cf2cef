//! Directives and what follows from them: the register of party documents — resolutions,
//! directives, the programmes and plans that implement them — with their numbering checked, their
//! files, the chain of implementing documents down the tree, and their Word files.

pub mod campaigns;
pub mod documents;
pub mod outputs;
pub mod programmes;
