//! Party documents (văn bản của Đảng): their kinds, their number and sign (`06-CTr/HU`) and the
//! rules the sign keeps under Hướng dẫn 36-HD/VPTW — the pattern `<number>-<type>/<issuer>`,
//! numbers from 01 per type within the issuer's committee term — and the place-and-date line of
//! their header.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{UnitKind, UnknownCode};
use crate::date::Date;
use crate::msg::Msg;

code_list! {
    /// The kinds of party document (Quy định 66-QĐ/TW, 2017), the ones a committee issues and
    /// implements day to day.
    DocKind, "document kind", "document-kind" {
        Resolution = "nghi_quyet"; Directive = "chi_thi"; Conclusion = "ket_luan"; Decision = "quyet_dinh";
        Regulation = "quy_dinh"; Statute = "quy_che"; Guidance = "huong_dan"; Programme = "chuong_trinh";
        Plan = "ke_hoach"; Project = "de_an"; Report = "bao_cao"; Notice = "thong_bao"; Submission = "to_trinh";
        Letter = "cong_van";
    }
}

impl DocKind {
    /// The type codes a sign of this kind may carry (36-HD/VPTW; rule 30 of the rules file). A
    /// party Quy định appears both as QĐ and as QĐi.
    pub fn sign_codes(self) -> &'static [&'static str] {
        match self {
            DocKind::Resolution => &["NQ"],
            DocKind::Directive => &["CT"],
            DocKind::Conclusion => &["KL"],
            DocKind::Decision => &["QĐ"],
            DocKind::Regulation => &["QĐi", "QĐ"],
            DocKind::Statute => &["QC"],
            DocKind::Guidance => &["HD"],
            DocKind::Programme => &["CTr"],
            DocKind::Plan => &["KH"],
            DocKind::Project => &["ĐA"],
            DocKind::Report => &["BC"],
            DocKind::Notice => &["TB"],
            DocKind::Submission => &["TTr"],
            DocKind::Letter => &["CV"],
        }
    }

    /// The word printed as the document's type in its header: its Vietnamese label (from the
    /// catalogs) in upper case; a công văn has none, its subject line stands under the number.
    pub fn heading(self, label_vi: &str) -> Option<String> {
        (self != DocKind::Letter).then(|| label_vi.to_uppercase())
    }

    /// Kinds whose tasks are assigned to units and followed (programmes, plans, projects).
    pub fn has_tasks(self) -> bool {
        matches!(self, DocKind::Programme | DocKind::Plan | DocKind::Project)
    }
}

code_list! {
    /// Where a document stands.
    DocStatus, "document status", "document-status" { Draft = "draft"; Issued = "issued"; Expired = "expired"; }
}

/// The issuer codes a sign of a unit of this kind may carry. TW, ĐU, HU and QU are seen in real
/// documents; TU, CB and ĐUK are in common use but unverified as an official list (rule 31). A
/// commission signs with a code of its own and its committee's (UBKTTU, BTCTU): any code is taken.
pub fn issuer_codes(kind: UnitKind) -> Option<&'static [&'static str]> {
    Some(match kind {
        UnitKind::PartyCentral => &["TW"],
        UnitKind::PartyProvincial => &["TU", "ĐU"],
        UnitKind::PartyDistrict => &["HU", "QU", "TU", "ĐU"],
        UnitKind::PartyCommune | UnitKind::PartyGrassrootsCommittee | UnitKind::PartySubcommittee => &["ĐU"],
        UnitKind::PartyBloc => &["ĐUK", "ĐU"],
        UnitKind::PartyGrassrootsCell | UnitKind::PartyCell => &["CB"],
        UnitKind::PartyDelegation => &["ĐĐ"],
        UnitKind::PartyExecutiveBoard => &["BCSĐ", "BCS"],
        _ => return None,
    })
}

/// A party document's number and sign: `06-CTr/HU`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sign {
    pub number: u32,
    pub kind_code: String,
    pub issuer_code: String,
}

/// Why a sign or a number is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("'{0}' is not a number and sign of the form <number>-<type>/<issuer>, such as 06-CTr/HU")]
    Pattern(String),
    #[error("the number of '{0}' is written with two digits from 01 to 09 and without leading zeros from 10 on")]
    Number(String),
    #[error("a {kind} is signed {expected}, not {found}")]
    KindCode { kind: DocKind, expected: String, found: String },
    #[error("{unit} signs its documents {expected}, not {found}")]
    IssuerCode { unit: String, expected: String, found: String },
    #[error("{0} is not a party organization and issues no party document")]
    NotParty(String),
}

impl crate::msg::Said for SignError {
    fn msg(&self) -> Msg {
        match self {
            SignError::Pattern(s) => Msg::new("sign-pattern").text("sign", s),
            SignError::Number(s) => Msg::new("sign-number").text("sign", s),
            SignError::KindCode { kind, expected, found } => {
                Msg::new("sign-kind-code").label("kind", *kind).text("expected", expected).text("found", found)
            }
            SignError::IssuerCode { unit, expected, found } => {
                Msg::new("sign-issuer-code").text("unit", unit).text("expected", expected).text("found", found)
            }
            SignError::NotParty(u) => Msg::new("sign-not-party").text("unit", u),
        }
    }
}

fn is_code(s: &str) -> bool {
    let n = s.chars().count();
    (1..=12).contains(&n) && s.chars().all(|c| c.is_alphabetic() || c.is_ascii_digit())
}

impl Sign {
    /// Reads `06-CTr/HU`, with or without the word "Số" before it.
    pub fn parse(text: &str) -> Result<Sign, SignError> {
        let t = text.trim();
        let s = t.strip_prefix("Số").or_else(|| t.strip_prefix("số")).unwrap_or(t).trim();
        let bad = || SignError::Pattern(t.to_string());
        let (number, rest) = s.split_once('-').ok_or_else(bad)?;
        let (kind, issuer) = rest.split_once('/').ok_or_else(bad)?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || !is_code(kind) || !is_code(issuer) {
            return Err(bad());
        }
        let n: u32 = number.parse().map_err(|_| bad())?;
        if n == 0 || number != format!("{n:02}") {
            return Err(SignError::Number(t.to_string()));
        }
        Ok(Sign { number: n, kind_code: kind.to_string(), issuer_code: issuer.to_string() })
    }

    /// Checks the sign against the document's kind and its issuer's kind.
    pub fn check(&self, kind: DocKind, issuer: &str, issuer_kind: UnitKind) -> Result<(), SignError> {
        if !kind.sign_codes().contains(&self.kind_code.as_str()) {
            return Err(SignError::KindCode {
                kind,
                expected: kind.sign_codes().join(" / "),
                found: self.kind_code.clone(),
            });
        }
        if !issuer_kind.is_party() {
            return Err(SignError::NotParty(issuer.to_string()));
        }
        if let Some(codes) = issuer_codes(issuer_kind) {
            if !codes.contains(&self.issuer_code.as_str()) {
                return Err(SignError::IssuerCode {
                    unit: issuer.to_string(),
                    expected: codes.join(", "),
                    found: self.issuer_code.clone(),
                });
            }
        }
        Ok(())
    }
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{}/{}", self.number, self.kind_code, self.issuer_code)
    }
}

impl Serialize for Sign {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sign {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Sign::parse(&s).map_err(|e| serde::de::Error::custom(crate::msg::Said::msg(&e).encode()))
    }
}

/// The first day of the committee term holding a day: a term runs from the day after the
/// closing of one congress to the closing of the next (36-HD/VPTW II.1.3). `closings` are the
/// closing days of the issuer's congresses; `founded` the issuer's first day, the start of its
/// first term when no congress is recorded before the day.
pub fn term_start(closings: &[Date], founded: Date, on: Date) -> Date {
    closings.iter().filter(|c| **c < on).max().map_or(founded, |c| c.add_days(1))
}

/// The place-and-date line of a header: "Hà Tĩnh, ngày 03 tháng 7 năm 2019". Days below 10 and
/// the months January and February take a leading zero, as the forms write them.
pub fn place_and_date(place: &str, d: Date) -> String {
    let (year, month, day) = d.ymd();
    let day = format!("{day:02}");
    let month = if month < 3 { format!("{month:02}") } else { month.to_string() };
    format!("{place}, ngày {day} tháng {month} năm {year}")
}

described_as_string!(
    Sign,
    "Sign",
    "A party document's number and sign, <number>-<kind>/<issuer> (36-HD/VPTW) / số và ký hiệu",
    None,
    None,
    "06-CTr/HU"
);

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::on as d;

    #[test]
    fn a_sign_is_read_in_its_party_form_and_bad_ones_are_refused() {
        let s = Sign::parse("Số 06-CTr/HU").unwrap();
        assert_eq!((s.number, s.kind_code.as_str(), s.issuer_code.as_str()), (6, "CTr", "HU"));
        assert_eq!(s.to_string(), "06-CTr/HU");
        assert_eq!(Sign::parse("39-NQ/TW").unwrap().number, 39);
        assert_eq!(Sign::parse("127-QĐ/TW").unwrap().kind_code, "QĐ");
        for bad in ["06/CTr-HU", "CTr/HU", "06-CTr", "06-/HU", "06-CT r/HU", "39/2020/NĐ-CP", ""] {
            assert!(matches!(Sign::parse(bad), Err(SignError::Pattern(_))), "{bad}");
        }
        for bad in ["6-CTr/HU", "006-CTr/HU", "00-CTr/HU", "039-NQ/TW"] {
            assert!(matches!(Sign::parse(bad), Err(SignError::Number(_))), "{bad}");
        }
    }

    #[test]
    fn a_sign_keeps_the_type_of_its_kind_and_the_code_of_its_issuer() {
        let s = Sign::parse("06-CTr/HU").unwrap();
        assert!(s.check(DocKind::Programme, "42.H01", UnitKind::PartyDistrict).is_ok());
        let e = s.check(DocKind::Plan, "42.H01", UnitKind::PartyDistrict).unwrap_err();
        assert!(matches!(&e, SignError::KindCode { expected, found, .. } if expected == "KH" && found == "CTr"), "{e}");
        let e = s.check(DocKind::Programme, "42.TU", UnitKind::PartyProvincial).unwrap_err();
        assert!(matches!(&e, SignError::IssuerCode { expected, .. } if expected.starts_with("TU")), "{e}");
        assert!(matches!(s.check(DocKind::Programme, "42", UnitKind::Province), Err(SignError::NotParty(_))));
        // A regulation is QĐi or QĐ; a commission may use a code of its own.
        assert!(Sign::parse("07-QĐi/TW").unwrap().check(DocKind::Regulation, "TW", UnitKind::PartyCentral).is_ok());
        let ubkt = Sign::parse("24-BC/UBKTTU").unwrap();
        assert!(ubkt.check(DocKind::Report, "42.UBKT", UnitKind::PartyCommission).is_ok());
    }

    #[test]
    fn a_term_runs_from_the_day_after_a_congress_closes() {
        let founded = d(2015, 1, 1);
        let closings = [d(2020, 10, 15), d(2025, 9, 30)];
        assert_eq!(term_start(&closings, founded, d(2019, 6, 1)), founded);
        assert_eq!(term_start(&closings, founded, d(2020, 10, 15)), founded);
        assert_eq!(term_start(&closings, founded, d(2020, 10, 16)), d(2020, 10, 16));
        assert_eq!(term_start(&closings, founded, d(2026, 1, 2)), d(2025, 10, 1));
    }

    #[test]
    fn the_place_and_date_line_writes_the_leading_zeros_of_the_forms() {
        assert_eq!(place_and_date("Hà Tĩnh", d(2019, 7, 3)), "Hà Tĩnh, ngày 03 tháng 7 năm 2019");
        assert_eq!(place_and_date("Hà Tĩnh", d(2017, 2, 23)), "Hà Tĩnh, ngày 23 tháng 02 năm 2017");
        assert_eq!(DocKind::Programme.heading("Chương trình").as_deref(), Some("CHƯƠNG TRÌNH"));
        assert_eq!(DocKind::Letter.heading("Công văn"), None);
    }
}
