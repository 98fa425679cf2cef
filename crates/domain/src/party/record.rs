//! The party member record (Phiếu đảng viên, form 2-HSĐV): particulars beyond the register's own,
//! each checked — the citizen ID (12 digits, whose fourth digit gives the century of birth and the
//! sex, and the fifth and sixth the year), the party card number (8 digits), the party record
//! number (6 digits and a 1–3-letter code), the general education (`12/12`).

use serde::Serialize;

use crate::catalog::Gender;
use crate::date::Date;
use crate::msg::Msg;

/// The record's particulars, as given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Particulars {
    pub place_of_birth: Option<String>,
    pub home_town: Option<String>,
    pub religion: Option<String>,
    pub occupation: Option<String>,
    pub job_title: Option<String>,
    pub general_education: Option<String>,
    pub foreign_language: Option<String>,
    pub party_card_no: Option<String>,
    pub party_record_no: Option<String>,
    /// Sensitive: shown in full only to those who may edit the member, masked elsewhere, never
    /// written to a log, exported only when asked for by name.
    #[serde(skip)]
    pub citizen_id: Option<String>,
}

/// What is wrong with a particular, and in which field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the citizen ID is 12 digits")]
    CitizenIdDigits,
    #[error("the citizen ID's fourth digit ({digit}) is not that of a {gender} born in {year}")]
    CitizenIdCentury { digit: u32, year: i32, gender: Gender },
    #[error("the citizen ID's fifth and sixth digits ({given}) are not the year of birth ({year})")]
    CitizenIdYear { given: String, year: i32 },
    #[error("the party card number is 8 digits")]
    CardNumber,
    #[error("the party record number is 6 digits followed by a code of 1 to 3 letters (such as 012345HT)")]
    RecordNumber,
    #[error("the general education is grade over system, such as 9/12, 12/12 or 7/10")]
    GeneralEducation,
    #[error("{0} is longer than 200 characters")]
    TooLong(&'static str),
}

impl crate::msg::Said for RecordError {
    fn msg(&self) -> Msg {
        match self {
            RecordError::CitizenIdDigits => Msg::new("record-citizen-id-digits"),
            RecordError::CitizenIdCentury { digit, year, gender } => Msg::new("record-citizen-id-century")
                .text("digit", digit)
                .label_lower("gender", *gender)
                .text("year", year),
            RecordError::CitizenIdYear { given, year } => {
                Msg::new("record-citizen-id-year").text("given", given).text("year", year)
            }
            RecordError::CardNumber => Msg::new("record-card-number"),
            RecordError::RecordNumber => Msg::new("record-record-number"),
            RecordError::GeneralEducation => Msg::new("record-general-education"),
            RecordError::TooLong(f) => Msg::new("record-too-long").text("field", f),
        }
    }
}

impl RecordError {
    pub fn field(&self) -> &'static str {
        match self {
            RecordError::CitizenIdDigits | RecordError::CitizenIdCentury { .. } | RecordError::CitizenIdYear { .. } => {
                "citizen_id"
            }
            RecordError::CardNumber => "party_card_no",
            RecordError::RecordNumber => "party_record_no",
            RecordError::GeneralEducation => "general_education",
            RecordError::TooLong(f) => f,
        }
    }
}

/// Checks a citizen ID against the person's birth date and sex: the fourth digit is 0/1 for a man
/// or a woman born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199; the next two are the year.
pub fn check_citizen_id(id: &str, birth: Date, gender: Gender) -> Result<(), RecordError> {
    let digits: Vec<u32> = id.chars().filter_map(|c| c.to_digit(10)).collect();
    if id.chars().count() != 12 || digits.len() != 12 {
        return Err(RecordError::CitizenIdDigits);
    }
    let year = birth.year();
    let century = (year - 1900).div_euclid(100);
    let expected = (century * 2) as u32 + u32::from(gender == Gender::Female);
    let digit = digits.get(3).copied().unwrap_or(99);
    if !(0..=2).contains(&century) || digit != expected {
        return Err(RecordError::CitizenIdCentury { digit, year, gender });
    }
    let given: String = id.chars().skip(4).take(2).collect();
    if given != format!("{:02}", year.rem_euclid(100)) {
        return Err(RecordError::CitizenIdYear { given, year });
    }
    Ok(())
}

/// The citizen ID as shown to those who may not edit the member: the first three digits (the
/// province of birth) and the last two, the rest hidden.
pub fn mask(id: &str) -> String {
    id.chars().enumerate().map(|(i, c)| if (3..10).contains(&i) { '•' } else { c }).collect()
}

/// Checks the particulars given (the citizen ID separately, with the birth date).
pub fn check(p: &Particulars) -> Result<(), RecordError> {
    let texts = [
        ("place_of_birth", &p.place_of_birth),
        ("home_town", &p.home_town),
        ("religion", &p.religion),
        ("occupation", &p.occupation),
        ("job_title", &p.job_title),
        ("foreign_language", &p.foreign_language),
    ];
    for (name, t) in texts {
        if t.as_ref().is_some_and(|t| t.chars().count() > 200) {
            return Err(RecordError::TooLong(name));
        }
    }
    if let Some(c) = &p.party_card_no {
        if c.len() != 8 || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RecordError::CardNumber);
        }
    }
    if let Some(r) = &p.party_record_no {
        let (digits, letters) = r.split_at(r.len().min(6));
        let ok = digits.len() == 6
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (1..=3).contains(&letters.len())
            && letters.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            return Err(RecordError::RecordNumber);
        }
    }
    if let Some(g) = &p.general_education {
        if crate::party::admission::parse_general_education(g).is_none() {
            return Err(RecordError::GeneralEducation);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::day;

    #[test]
    fn a_citizen_id_carries_the_century_sex_and_year_of_birth() {
        assert_eq!(check_citizen_id("042085001234", day("1985-03-01"), Gender::Male), Ok(()));
        assert_eq!(check_citizen_id("042185001234", day("1985-03-01"), Gender::Female), Ok(()));
        assert_eq!(check_citizen_id("042301001234", day("2001-03-01"), Gender::Female), Ok(()));
        assert_eq!(check_citizen_id("04208500123", day("1985-03-01"), Gender::Male), Err(RecordError::CitizenIdDigits));
        assert_eq!(
            check_citizen_id("04208500123a", day("1985-03-01"), Gender::Male),
            Err(RecordError::CitizenIdDigits)
        );
        assert!(matches!(
            check_citizen_id("042185001234", day("1985-03-01"), Gender::Male),
            Err(RecordError::CitizenIdCentury { digit: 1, .. })
        ));
        assert!(matches!(
            check_citizen_id("042086001234", day("1985-03-01"), Gender::Male),
            Err(RecordError::CitizenIdYear { .. })
        ));
        assert_eq!(mask("042085001234"), "042•••••••34");
    }

    #[test]
    fn card_and_record_numbers_have_their_shapes() {
        let ok = Particulars {
            party_card_no: Some("12345678".into()),
            party_record_no: Some("012345HT".into()),
            general_education: Some("12/12".into()),
            ..Default::default()
        };
        assert_eq!(check(&ok), Ok(()));
        assert_eq!(
            check(&Particulars { party_card_no: Some("1234567".into()), ..Default::default() }),
            Err(RecordError::CardNumber)
        );
        assert_eq!(
            check(&Particulars { party_record_no: Some("012345ht".into()), ..Default::default() }),
            Err(RecordError::RecordNumber)
        );
        assert_eq!(
            check(&Particulars { party_record_no: Some("012345ABCD".into()), ..Default::default() }),
            Err(RecordError::RecordNumber)
        );
        assert_eq!(
            check(&Particulars { general_education: Some("12".into()), ..Default::default() }),
            Err(RecordError::GeneralEducation)
        );
    }
}
