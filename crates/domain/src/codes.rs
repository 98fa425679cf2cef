//! Identifiers that travel between people and systems: unit codes and document numbers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;

/// The stable code of a unit: the statistics office's code for provinces (`01`) and communes
/// (`00070`), or a code the organization board assigns (`42.DUK`, `42.DUK.CS017`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the unit code is empty")]
    Empty,
    #[error("the unit code '{0}' is longer than 40 characters")]
    TooLong(String),
    #[error("the unit code '{0}' may hold only letters A–Z, digits and . _ -")]
    BadCharacter(String),
    #[error("'{0}' is not a document number such as 865-QĐ/TU or 39-NQ/TW")]
    DocumentNumber(String),
}

impl crate::msg::Said for CodeError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            CodeError::Empty => Msg::new("code-empty"),
            CodeError::TooLong(c) => Msg::new("code-too-long").text("code", c),
            CodeError::BadCharacter(c) => Msg::new("code-bad-character").text("code", c),
            CodeError::DocumentNumber(s) => Msg::new("code-document-number").text("text", s),
        }
    }
}

impl UnitCode {
    pub fn parse(text: &str) -> Result<UnitCode, CodeError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        if s.len() > 40 {
            return Err(CodeError::TooLong(s.to_string()));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-') {
            return Err(CodeError::BadCharacter(s.to_string()));
        }
        Ok(UnitCode(s.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnitCode({})", self.0)
    }
}

impl Serialize for UnitCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UnitCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        UnitCode::parse(&s).map_err(|e| serde::de::Error::custom(crate::msg::Said::msg(&e).encode()))
    }
}

/// The number and code of a party or state document: `865-QĐ/TU`, `39-NQ/TW`, `21-CTr/HU`,
/// `107/2020/NĐ-CP`, `202/2025/QH15`.
///
/// Party documents follow Hướng dẫn 36-HD/VPTW: `<number>-<type>/<issuer>`. State documents
/// follow Nghị định 30/2020: `<number>/<year>/<type>-<issuer>` or `<number>/<type>`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    pub fn parse(text: &str) -> Result<DocumentNumber, CodeError> {
        let s: String = text.trim().trim_start_matches("Số").trim_start_matches("số").trim().to_string();
        let bad = || CodeError::DocumentNumber(text.trim().to_string());
        if s.is_empty() || s.chars().count() > 60 {
            return Err(bad());
        }
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let rest: String = s.chars().skip(digits).collect();
        let is_code_char = |c: char| c.is_alphanumeric() || c == '-' || c == '/' || c == '.';
        let ok = match rest.chars().next() {
            // Party form: 865-QĐ/TU — a type, a slash, an issuer.
            Some('-') => {
                let body = &rest[1..];
                let mut parts = body.splitn(2, '/');
                let (Some(kind), Some(issuer)) = (parts.next(), parts.next()) else {
                    return Err(bad());
                };
                !kind.is_empty()
                    && !issuer.is_empty()
                    && kind.chars().all(char::is_alphabetic)
                    && issuer.chars().all(is_code_char)
            }
            // State form: 107/2020/NĐ-CP, 202/2025/QH15.
            Some('/') => rest.len() > 1 && rest.chars().all(is_code_char) && rest.chars().any(char::is_alphabetic),
            _ => false,
        };
        if ok {
            Ok(DocumentNumber(s))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentNumber({})", self.0)
    }
}

impl Serialize for DocumentNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DocumentNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DocumentNumber::parse(&s).map_err(|e| serde::de::Error::custom(crate::msg::Said::msg(&e).encode()))
    }
}

/// The decision behind a change: its number and the date it was signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub number: DocumentNumber,
    pub date: Date,
}

impl fmt::Display for Decision {
    /// `865-QĐ/TU ngày 18/01/2019`, the way the seeds cite decisions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ngày {}", self.number, self.date.vn())
    }
}

described_as_string!(
    UnitCode,
    "UnitCode",
    "A unit's code: letters A–Z, digits and . _ -, up to 40 / mã đơn vị",
    Some("^[A-Za-z0-9._-]{1,40}$"),
    None,
    "42.TU"
);

described_as_string!(
    DocumentNumber,
    "DocumentNumber",
    "A document's number and code, as 865-QĐ/TU / số, ký hiệu văn bản",
    None,
    None,
    "865-QĐ/TU"
);

/// A unit's code in a test.
#[cfg(test)]
pub(crate) fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes_are_upper_case_and_plain() {
        assert_eq!(UnitCode::parse(" 42.duk ").map(|c| c.to_string()), Ok("42.DUK".into()));
        assert_eq!(UnitCode::parse("00070").map(|c| c.to_string()), Ok("00070".into()));
        assert_eq!(UnitCode::parse(""), Err(CodeError::Empty));
        assert!(matches!(UnitCode::parse("a b"), Err(CodeError::BadCharacter(_))));
        assert!(matches!(UnitCode::parse("Đ1"), Err(CodeError::BadCharacter(_))));
        assert!(matches!(UnitCode::parse(&"X".repeat(41)), Err(CodeError::TooLong(_))));
    }

    #[test]
    fn document_numbers_of_the_party_and_the_state() {
        for ok in ["865-QĐ/TU", "39-NQ/TW", "21-CTr/HU", "24-BS/UBKTTU", "07-QĐi/TW", "107/2020/NĐ-CP", "202/2025/QH15"]
        {
            assert_eq!(DocumentNumber::parse(ok).map(|d| d.to_string()), Ok(ok.to_string()), "{ok}");
        }
        assert_eq!(DocumentNumber::parse("Số 127-QĐ/TW").map(|d| d.to_string()), Ok("127-QĐ/TW".into()));
        for bad in ["", "QĐ/TU", "865", "865-/TU", "865-QĐ/", "865 QĐ TU", "865-Q1/TU"] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
