//! Directives and what follows from them: the register of party documents and the congresses
//! that bound the terms they are numbered in.

pub mod campaigns;
pub mod documents;
pub mod tasks;
