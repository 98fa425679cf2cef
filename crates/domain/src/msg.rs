//! A sentence of the domain for people, written as a catalog key and its values: the edge that
//! shows it (a page, the API's problem document, the command line) renders it in the reader's
//! language from the catalogs. The domain writes no prose of its own.

use std::borrow::Cow;

/// A catalog key with the values its sentence needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

/// One value of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Said as it is: a code, a name, a number already written.
    Text(String),
    /// A count, written in the reader's convention.
    Int(i64),
    /// A day (year, month 1–12, day), written in the reader's convention; made from a date by
    /// [`Msg::date`].
    Day(i32, u32, u32),
    /// A month (year and month 1–12), written in the reader's convention.
    Month(i32, u32),
    /// Another catalog key (a code's label, a list's name), rendered in the same language.
    Key(Cow<'static, str>),
    /// Another message, said inside this one ("Thao tác 2 (hợp nhất): <why>").
    Said(Box<Msg>),
    /// A label in lower case, inside a sentence ("thang xếp loại đảng viên").
    KeyLower(Cow<'static, str>),
}

impl<T: Labelled> Labelled for &T {
    fn key(self) -> &'static str {
        (*self).key()
    }
}

/// A refusal or finding of the domain, said by key: its message.
pub trait Said {
    fn msg(&self) -> Msg;
}

impl<T: Said> Said for &T {
    fn msg(&self) -> Msg {
        (**self).msg()
    }
}

/// A domain value named in a message by its label: the code lists.
pub trait Labelled: Copy {
    /// The catalog key of its label.
    fn key(self) -> &'static str;
}

/// Separates the parts of a message carried through serde as one string ([`Msg::encode`]).
const PART: char = '\u{1e}';
const FIELD: char = '\u{1f}';

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg { key: Cow::Borrowed(key), args: Vec::new() }
    }

    fn with(mut self, name: &'static str, value: Arg) -> Msg {
        self.args.push((Cow::Borrowed(name), value));
        self
    }

    pub fn text(self, name: &'static str, value: impl ToString) -> Msg {
        self.with(name, Arg::Text(value.to_string()))
    }

    pub fn int(self, name: &'static str, value: i64) -> Msg {
        self.with(name, Arg::Int(value))
    }

    pub fn date(self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.with(name, value.into())
    }

    /// A month: written 03/2026 or 2026-03.
    pub fn month(self, name: &'static str, year: i32, month: u32) -> Msg {
        self.with(name, Arg::Month(year, month))
    }

    /// A code's label (or any catalog key), in the reader's language.
    pub fn label(self, name: &'static str, value: impl Labelled) -> Msg {
        self.key_arg(name, value.key())
    }

    /// A code's label in lower case, inside a sentence.
    pub fn label_lower(self, name: &'static str, value: impl Labelled) -> Msg {
        self.with(name, Arg::KeyLower(Cow::Borrowed(value.key())))
    }

    /// Another message inside this one.
    pub fn said(self, name: &'static str, inner: Msg) -> Msg {
        self.with(name, Arg::Said(Box::new(inner)))
    }

    pub fn key_arg(self, name: &'static str, key: &'static str) -> Msg {
        self.with(name, Arg::Key(Cow::Borrowed(key)))
    }

    /// The message as one string, for serde, whose errors are strings; [`Msg::decode`] reads it back.
    pub fn encode(&self) -> String {
        let mut s = String::new();
        s.push(PART);
        s.push_str(&self.key);
        for (name, value) in &self.args {
            let (tag, text) = match value {
                Arg::Text(t) => ('t', t.clone()),
                Arg::Int(n) => ('i', n.to_string()),
                Arg::Day(y, m, d) => ('d', format!("{y}-{m}-{d}")),
                Arg::Month(y, m) => ('m', format!("{y}-{m}")),
                Arg::Key(k) => ('k', k.to_string()),
                Arg::KeyLower(k) => ('l', k.to_string()),
                // serde carries no message inside a message; its key stands for it.
                Arg::Said(m) => ('k', m.key.to_string()),
            };
            s.push(PART);
            s.push_str(name);
            s.push(FIELD);
            s.push(tag);
            s.push_str(&text);
        }
        s
    }

    /// A message made by [`Msg::encode`], found in a longer text (serde adds where it happened).
    pub fn decode(text: &str) -> Option<Msg> {
        let (_, rest) = text.split_once(PART)?;
        let mut parts = rest.split(PART);
        let key = parts.next()?.to_string();
        let mut args = Vec::new();
        for part in parts {
            let (name, value) = part.split_once(FIELD)?;
            let mut chars = value.chars();
            let tag = chars.next()?;
            // serde appends its place after the message ("at line 1 column 9").
            let value = chars.as_str().split(" at line ").next().unwrap_or_default().to_string();
            let arg = match tag {
                't' => Arg::Text(value),
                'i' => Arg::Int(value.parse().ok()?),
                'd' => {
                    let mut parts = value.splitn(3, '-').map(str::parse::<i64>);
                    let (y, m, d) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
                    Arg::Day(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
                }
                'm' => {
                    let (y, m) = value.split_once('-')?;
                    Arg::Month(y.parse().ok()?, m.parse().ok()?)
                }
                'k' => Arg::Key(Cow::Owned(value)),
                'l' => Arg::KeyLower(Cow::Owned(value)),
                _ => return None,
            };
            args.push((Cow::Owned(name.to_string()), arg));
        }
        Some(Msg { key: Cow::Owned(key), args })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_goes_through_serde_and_back() {
        let d = crate::date::Date::from_ymd(2026, 3, 5).unwrap();
        let m = Msg::new("unknown-code")
            .text("code", "x\"y")
            .int("count", -3)
            .date("on", d)
            .key_arg("list", "list-gender")
            .month("month", 2026, 3);
        let carried = format!("{} at line 1 column 9", m.encode());
        assert_eq!(Msg::decode(&carried), Some(m));
        assert_eq!(Msg::decode("plain words"), None);
    }
}
