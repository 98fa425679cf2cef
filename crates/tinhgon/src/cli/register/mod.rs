//! The commands of the register's files: import and export.

pub(crate) mod files;
