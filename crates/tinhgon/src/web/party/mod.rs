//! Pages of party work: admissions and transfers, each a list with the form that records the next
//! thing, for the secretaries and organization officers who do it.

pub(crate) mod admissions;
pub(crate) mod cases;
pub(crate) mod due;
pub(crate) mod dues;
pub(crate) mod meetings;
pub(crate) mod ratings;
pub(crate) mod transfers;

use tinhgon_domain::Date;

use crate::services::RowError;
use crate::web::forms::Fields;

/// A date field of a form, or the row error that says what is wrong with it.
pub(crate) fn date_field(values: &Fields, name: &str, required: bool, errors: &mut Vec<RowError>) -> Option<Date> {
    let text = values.get(name).map(|s| s.trim()).unwrap_or("");
    if text.is_empty() {
        if required {
            errors.push(crate::web::forms::catalog_error(name, "field-required", &[]));
        }
        return None;
    }
    match Date::parse(text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(RowError::said(1, name, tinhgon_domain::msg::Said::msg(&e)));
            None
        }
    }
}

/// A text field of a form, trimmed; `None` when empty.
pub(crate) fn text_field(values: &Fields, name: &str) -> Option<String> {
    values.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
