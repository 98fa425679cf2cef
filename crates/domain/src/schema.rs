//! How the domain's values are described to the API's readers in its OpenAPI document: a date,
//! a unit's code, a document's number and sign are strings of a known shape with an example; a
//! code list is the enumeration of its codes.
//! Each type describes itself beside its definition with these helpers; this module names none of
//! them, so that no module and its description form a circle.

use std::borrow::Cow;

pub use utoipa::openapi::schema::KnownFormat;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;

/// Describes a type whose values are strings of a shape: its schema, under its name.
macro_rules! described_as_string {
    ($ty:ty, $name:literal, $description:literal, $pattern:expr, $format:expr, $example:literal) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::schema::string($description, $pattern, $format, $example)
            }
        }

        impl utoipa::ToSchema for $ty {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
        }
    };
}

/// A string of a shape, described, with one example.
pub fn string(description: &str, pattern: Option<&str>, format: Option<KnownFormat>, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(pattern)
        .format(format.map(SchemaFormat::KnownFormat))
        .examples([example])
        .into()
}

/// A code list: its codes, the first as the example. The document adds each code's label from the
/// catalogs to the description.
pub fn code_list(list: &str, codes: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(list))
        .enum_values(Some(codes.iter().copied()))
        .examples(codes.first().copied())
        .into()
}

/// The schema name of a code list: its name in words, run together ("meeting kind" → `MeetingKind`).
pub fn name_of(list: &str) -> Cow<'static, str> {
    let mut name = String::new();
    for word in list.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    Cow::Owned(name)
}

/// A whole number (64 bits), described.
pub fn whole(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(description))
}

/// An object of described properties, all required.
pub fn object(description: &str, properties: Vec<(&str, RefOr<Schema>)>) -> RefOr<Schema> {
    let mut o = ObjectBuilder::new().description(Some(description));
    for (name, schema) in properties {
        o = o.property(name, schema).required(name);
    }
    o.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_lists_schema_name_is_its_name_in_words() {
        assert_eq!(name_of("meeting kind"), "MeetingKind");
        assert_eq!(name_of("unit kind"), "UnitKind");
    }
}
