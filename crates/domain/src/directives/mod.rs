//! Directives and what follows from them: the register of party documents (resolutions,
//! directives, conclusions, the programmes and plans that implement them), with the numbering and
//! layout rules of Hướng dẫn 36-HD/VPTW.

pub mod campaign;
pub mod document;
pub mod prose;
pub mod task;
