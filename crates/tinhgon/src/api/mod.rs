//! The JSON API over the register, documented at `/api/openapi.json`: each handler parses the
//! request, calls one service operation with the caller's context, and renders JSON.

pub(crate) mod body;
pub(crate) mod campaigns;
pub(crate) mod cases;
pub(crate) mod documents;
pub(crate) mod meetings;
pub(crate) mod openapi;
pub(crate) mod party;
pub(crate) mod ratings;
pub(crate) mod routes;
pub(crate) mod tasks;
pub(crate) mod typed;

pub use openapi::openapi_document;
