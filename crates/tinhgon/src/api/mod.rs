//! The JSON API over the register, documented at `/api/openapi.json`: each handler reads its
//! typed body, calls one service operation with the caller's context, and renders JSON. The
//! folders are the features, named as in the other layers: `register`, `party`, `directives`.

pub(crate) mod body;
pub(crate) mod directives;
pub(crate) mod health;
pub(crate) mod openapi;
pub(crate) mod party;
pub(crate) mod register;
pub(crate) mod typed;

pub use openapi::openapi_document;
