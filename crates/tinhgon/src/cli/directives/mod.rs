//! The commands of the directives: review campaigns.

pub(crate) mod campaigns;
