//! Rows read into the store's row types by the position of their columns: a type's fields, in
//! order, are its statement's columns, in order. A reader is then a SELECT and a struct, not a
//! function that names each column's number. A row with fewer columns than the type has fields is
//! refused as corrupt; columns after them (a sort key the statement orders by) are left unread.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, SeqAccess, Visitor};
use serde::Deserialize;

use crate::sql::{Row, Value};
use crate::StoreError;

#[derive(Debug)]
pub struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError(msg.to_string())
    }
}

impl Row {
    /// The row as a `T` whose fields are its columns in order.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, StoreError> {
        let mut cells = Cells { cells: self.0.iter(), at: 0 };
        T::deserialize(RowDe(&mut cells)).map_err(|e| StoreError::Corrupt(e.0))
    }
}

struct RowDe<'r, 'a>(&'r mut Cells<'a>);

impl<'de> de::Deserializer<'de> for RowDe<'_, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DecodeError> {
        v.visit_seq(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct Cells<'a> {
    cells: std::slice::Iter<'a, Value>,
    at: usize,
}

impl<'de> SeqAccess<'de> for Cells<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DecodeError> {
        let Some(value) = self.cells.next() else { return Ok(None) };
        let at = self.at;
        self.at += 1;
        seed.deserialize(Cell(value)).map(Some).map_err(|e| DecodeError(format!("column {at}: {e}")))
    }
}

struct Cell<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for Cell<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Value::Null => v.visit_none(),
            Value::Int(i) => v.visit_i64(*i),
            Value::Text(t) => v.visit_str(t),
            Value::Bytes(b) => v.visit_bytes(b),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    /// Both databases keep a truth as an integer.
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Value::Int(i) => v.visit_bool(*i != 0),
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, DecodeError> {
        v.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A column of text that holds JSON (`#[serde(deserialize_with = "crate::decode::json")]`).
pub(crate) fn json<'de, D: de::Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    serde_json::from_str(&text).map_err(de::Error::custom)
}

/// A name that may be missing (a unit with no version yet): empty then.
pub(crate) fn or_empty<'de, D: de::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use tinhgon_domain::Date;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Sample {
        id: i64,
        year: i32,
        flag: bool,
        note: Option<String>,
        #[serde(deserialize_with = "or_empty")]
        name: String,
        on: Date,
        #[serde(deserialize_with = "json")]
        list: Vec<String>,
    }

    fn row(cells: Vec<Value>) -> Row {
        Row(cells)
    }

    #[test]
    fn a_row_reads_into_its_type_by_position() {
        let r = row(vec![
            7.into(),
            2026.into(),
            1.into(),
            Value::Null,
            Value::Null,
            "2026-12-08".into(),
            "[\"a\",\"b\"]".into(),
        ]);
        let s: Sample = r.decode().unwrap();
        assert_eq!(
            s,
            Sample {
                id: 7,
                year: 2026,
                flag: true,
                note: None,
                name: String::new(),
                on: Date::parse("2026-12-08").unwrap(),
                list: vec!["a".into(), "b".into()],
            }
        );
    }

    #[test]
    fn a_short_row_or_a_cell_of_the_wrong_kind_is_corrupt_and_says_where() {
        let short = row(vec![7.into(), 2026.into()]);
        assert!(matches!(short.decode::<Sample>(), Err(StoreError::Corrupt(_))));
        let Err(StoreError::Corrupt(m)) = short.decode::<Sample>() else { panic!("a short row decoded") };
        assert!(m.contains("invalid length 2"), "{m}");
        let long = row(vec![
            1.into(),
            2.into(),
            0.into(),
            Value::Null,
            "x".into(),
            "2026-01-01".into(),
            "[]".into(),
            9.into(),
        ]);
        assert_eq!(long.decode::<Sample>().map(|s| s.name).ok().as_deref(), Some("x"));
        let wrong = row(vec![
            "seven".into(),
            2026.into(),
            1.into(),
            Value::Null,
            Value::Null,
            "2026-12-08".into(),
            "[]".into(),
        ]);
        let Err(StoreError::Corrupt(m)) = wrong.decode::<Sample>() else { panic!("text read as a number") };
        assert!(m.starts_with("column 0:"), "{m}");
    }
}
