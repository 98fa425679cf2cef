//! The yearly rating (đánh giá, xếp loại chất lượng) of party organizations, members and leading
//! collectives: the subject assesses itself, the level above appraises, the competent level
//! decides. Each year is rated on the scale in force that year — a dated code list, from the
//! "trong sạch vững mạnh" scale before Quy định 132 to Quy định 132 (2018), 124 (2023) and 366
//! (2025) — with the cap on the top grade among members within each grassroots organization, the
//! best grade a member disciplined that year may have, and a member who is a civil servant never
//! rated above their civil-service grade.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::msg::Msg;
use crate::rules::{RuleBook, RuleKey};

code_list! {
    /// What is rated.
    Subject, "rating subject", "rating-subject" {
        Organization = "organization"; Member = "member"; Collective = "collective";
    }

    /// The stages of a rating.
    Stage, "rating stage", "rating-stage" { SelfAssessment = "self"; Appraisal = "appraisal"; Decision = "decision"; }

    /// Every grade of every scale; a scale says which it holds.
    Grade, "rating grade", "rating-grade" {
        CleanStrong = "tsvm"; Excellent = "htxsnv"; Good = "httnv"; Completed = "htnv"; Weak = "yeu_kem";
        NotCompleted = "khtnv";
    }
}

impl Grade {
    /// Reads a grade as files write it: its code (`htxsnv`), its initials in capitals (`HTXSNV`,
    /// `TSVM`) or its Vietnamese wording (`label_vi`, from the catalogs), with or without
    /// diacritics and commas.
    pub fn read(text: &str, label_vi: impl Fn(Grade) -> String) -> Result<Grade, UnknownCode> {
        let folded = crate::text::fold(text).replace([',', '.'], " ");
        let words: Vec<&str> = folded.split_whitespace().collect();
        let joined = words.join(" ");
        for g in Grade::ALL {
            let label = crate::text::fold(&label_vi(*g)).replace(',', " ");
            let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
            if joined == g.code() || joined == label || joined.replace(' ', "_") == g.code() {
                return Ok(*g);
            }
        }
        Grade::parse(text)
    }
}

/// A rating scale in force over years, for one kind of subject, best grade first.
#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
pub struct Scale {
    pub code: &'static str,
    pub subjects: &'static [Subject],
    pub from_year: i32,
    pub to_year: Option<i32>,
    pub grades: &'static [Grade],
    pub source: &'static str,
    /// Whether the years and grades are verified against the regulation itself.
    pub verified: bool,
}

const FOUR: &[Grade] = &[Grade::Excellent, Grade::Good, Grade::Completed, Grade::NotCompleted];
const ORGS: &[Subject] = &[Subject::Organization, Subject::Collective];
const MEMBERS: &[Subject] = &[Subject::Member];
const ALL: &[Subject] = &[Subject::Organization, Subject::Member, Subject::Collective];

/// The scales tinhgon ships, oldest first.
pub const SCALES: &[Scale] = &[
    Scale {
        code: "tsvm",
        subjects: ORGS,
        from_year: 2008,
        to_year: Some(2018),
        grades: &[Grade::CleanStrong, Grade::Good, Grade::Completed, Grade::Weak],
        source: "Trước Quy định 132-QĐ/TW: trong sạch vững mạnh, hoàn thành tốt nhiệm vụ, hoàn thành nhiệm vụ, yếu kém (RULES 44). Tổ chức đảng năm 2018 còn xếp theo thang này như bài báo Lai Châu đầu năm 2019; năm chuyển thang chưa kiểm chứng / the year of the change is unverified",
        verified: false,
    },
    Scale {
        code: "pre132-member",
        subjects: MEMBERS,
        from_year: 2008,
        to_year: Some(2017),
        grades: FOUR,
        source: "Trước Quy định 132-QĐ/TW: đủ tư cách hoàn thành xuất sắc, tốt, hoàn thành nhiệm vụ; vi phạm tư cách hoặc không hoàn thành nhiệm vụ (chưa kiểm chứng / unverified)",
        verified: false,
    },
    Scale {
        code: "132",
        subjects: MEMBERS,
        from_year: 2018,
        to_year: Some(2022),
        grades: FOUR,
        source: "Quy định 132-QĐ/TW (08/3/2018), Hướng dẫn 21-HD/BTCTW (2019)",
        verified: true,
    },
    Scale {
        code: "132",
        subjects: ORGS,
        from_year: 2019,
        to_year: Some(2022),
        grades: FOUR,
        source: "Quy định 132-QĐ/TW (08/3/2018), Hướng dẫn 21-HD/BTCTW (2019)",
        verified: true,
    },
    Scale {
        code: "124",
        subjects: ALL,
        from_year: 2023,
        to_year: Some(2024),
        grades: FOUR,
        source: "Quy định 124-QĐ/TW (02/2/2023), Điều 12",
        verified: true,
    },
    Scale {
        code: "366",
        subjects: ALL,
        from_year: 2025,
        to_year: None,
        grades: FOUR,
        source: "Quy định 366-QĐ/TW (2025), Điều 11; Hướng dẫn 43-HD/BTCTW (31/10/2025)",
        verified: true,
    },
];

/// The scale a subject is rated on for a year.
pub fn scale(subject: Subject, year: i32) -> Option<&'static Scale> {
    SCALES.iter().find(|s| s.subjects.contains(&subject) && s.from_year <= year && s.to_year.is_none_or(|t| year <= t))
}

impl Scale {
    /// The grade's place on the scale, 0 for the best.
    pub fn rank(&self, g: Grade) -> Option<usize> {
        self.grades.iter().position(|x| *x == g)
    }

    pub fn top(&self) -> Grade {
        self.grades.first().copied().unwrap_or(Grade::Excellent)
    }

    /// The grades counted as "completed duties well or better" (the seeds' "hoàn thành tốt nhiệm vụ
    /// trở lên"): the two best.
    pub fn good_or_better(&self, g: Grade) -> bool {
        self.rank(g).is_some_and(|r| r <= 1)
    }
}

/// Why a rating is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("no rating scale is in force for {subject} in {year}")]
    NoScale { subject: Subject, year: i32 },
    #[error("'{grade}' is not on the scale {scale} of {year} ({allowed})")]
    OffScale { grade: Grade, scale: &'static str, year: i32, allowed: String },
    #[error("a member disciplined in {year} may be rated at best '{best}'")]
    Disciplined { year: i32, best: Grade },
    #[error("a member rated '{civil}' as a civil servant may not be rated '{grade}' as a party member")]
    AboveCivilService { grade: Grade, civil: Grade },
    #[error("an organization with a disciplined unit or leader in {year} may not be rated '{grade}'")]
    CollectiveDisciplined { year: i32, grade: Grade },
}

impl crate::msg::Said for RatingError {
    fn msg(&self) -> Msg {
        match self {
            RatingError::NoScale { subject, year } => {
                Msg::new("rating-no-scale").label_lower("subject", *subject).text("year", year)
            }
            RatingError::OffScale { grade, scale, year, allowed } => Msg::new("rating-off-scale")
                .label("grade", *grade)
                .text("scale", scale)
                .text("year", year)
                .text("allowed", allowed),
            RatingError::Disciplined { year, best } => {
                Msg::new("rating-disciplined").text("year", year).label("best", *best)
            }
            RatingError::AboveCivilService { grade, civil } => {
                Msg::new("rating-above-civil-service").label("civil", *civil).label("grade", *grade)
            }
            RatingError::CollectiveDisciplined { year, grade } => {
                Msg::new("rating-collective-disciplined").text("year", year).label("grade", *grade)
            }
        }
    }
}

/// What a grade is checked against.
pub struct Check {
    pub subject: Subject,
    pub year: i32,
    pub grade: Grade,
    /// For a member: disciplined in the year; for an organization: a unit under it or a leader.
    pub disciplined: bool,
    /// For a member who is a civil servant: the civil-service grade of the year.
    pub civil_service: Option<Grade>,
}

/// The scale of the year, and the grade on it, checked by the rules in force at the year's end.
pub fn check(c: &Check, book: &RuleBook) -> Result<&'static Scale, RatingError> {
    let scale = scale(c.subject, c.year).ok_or(RatingError::NoScale { subject: c.subject, year: c.year })?;
    let rank = scale.rank(c.grade).ok_or_else(|| RatingError::OffScale {
        grade: c.grade,
        scale: scale.code,
        year: c.year,
        allowed: scale.grades.iter().map(|g| g.code()).collect::<Vec<_>>().join(", "),
    })?;
    let end = Date::from_ymd(c.year, 12, 31).unwrap_or(Date::EPOCH);
    if c.disciplined {
        match c.subject {
            Subject::Member => {
                // The best grade a disciplined member may have, by its place (1 for the best).
                if let Some(best) = book.value(RuleKey::RatingDisciplinedBestRank, end) {
                    let best = (best.max(1) - 1) as usize;
                    if rank < best {
                        let best = scale.grades.get(best).copied().unwrap_or(scale.top());
                        return Err(RatingError::Disciplined { year: c.year, best });
                    }
                }
            }
            Subject::Organization | Subject::Collective => {
                if rank == 0 {
                    return Err(RatingError::CollectiveDisciplined { year: c.year, grade: c.grade });
                }
            }
        }
    }
    if let (Subject::Member, Some(civil)) = (c.subject, c.civil_service) {
        // The civil-service grades are the four of the current scales.
        let civil_rank = FOUR.iter().position(|g| *g == civil);
        if civil_rank.is_some_and(|cr| rank < cr) {
            return Err(RatingError::AboveCivilService { grade: c.grade, civil });
        }
    }
    Ok(scale)
}

/// The most members of one grassroots organization who may be rated the top grade, given how many
/// are rated the second (the cap of the rule in force at the year's end); `None` when no cap.
pub fn top_cap(good: i64, year: i32, book: &RuleBook) -> Option<i64> {
    let end = Date::from_ymd(year, 12, 31).unwrap_or(Date::EPOCH);
    book.value(RuleKey::RatingTopCapPercent, end).map(|pct| good * pct / 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::defaults;

    fn c(subject: Subject, year: i32, grade: Grade) -> Check {
        Check { subject, year, grade, disciplined: false, civil_service: None }
    }

    /// The wording of the grades the tests read, as the Vietnamese catalog has it.
    impl Grade {
        fn read_vi(text: &str) -> Result<Grade, UnknownCode> {
            Grade::read(text, |g| {
                match g {
                    Grade::CleanStrong => "Trong sạch, vững mạnh",
                    Grade::Good => "Hoàn thành tốt nhiệm vụ",
                    Grade::Weak => "Yếu kém",
                    _ => "",
                }
                .to_string()
            })
        }
    }

    #[test]
    fn each_year_is_rated_on_the_scale_in_force() {
        let book = RuleBook::new(defaults());
        assert_eq!(check(&c(Subject::Organization, 2018, Grade::CleanStrong), &book).map(|s| s.code), Ok("tsvm"));
        assert!(matches!(
            check(&c(Subject::Organization, 2019, Grade::CleanStrong), &book),
            Err(RatingError::OffScale { scale: "132", .. })
        ));
        assert_eq!(check(&c(Subject::Member, 2018, Grade::Excellent), &book).map(|s| s.code), Ok("132"));
        assert_eq!(check(&c(Subject::Collective, 2024, Grade::Good), &book).map(|s| s.code), Ok("124"));
        assert_eq!(check(&c(Subject::Member, 2026, Grade::Completed), &book).map(|s| s.code), Ok("366"));
        assert!(matches!(check(&c(Subject::Member, 2025, Grade::Weak), &book), Err(RatingError::OffScale { .. })));
        assert!(matches!(check(&c(Subject::Member, 1990, Grade::Good), &book), Err(RatingError::NoScale { .. })));
    }

    #[test]
    fn discipline_and_the_civil_service_grade_bound_a_members_rating() {
        let book = RuleBook::new(defaults());
        let mut m = c(Subject::Member, 2026, Grade::Good);
        m.disciplined = true;
        assert!(matches!(check(&m, &book), Err(RatingError::Disciplined { best: Grade::Completed, .. })));
        m.grade = Grade::Completed;
        assert!(check(&m, &book).is_ok());
        let mut m = c(Subject::Member, 2026, Grade::Excellent);
        m.civil_service = Some(Grade::Good);
        assert!(matches!(check(&m, &book), Err(RatingError::AboveCivilService { .. })));
        m.grade = Grade::Good;
        assert!(check(&m, &book).is_ok());
        let mut o = c(Subject::Organization, 2026, Grade::Excellent);
        o.disciplined = true;
        assert!(matches!(check(&o, &book), Err(RatingError::CollectiveDisciplined { .. })));
        assert_eq!(top_cap(10, 2026, &book), Some(2));
        assert_eq!(top_cap(4, 2026, &book), Some(0));
        assert_eq!(top_cap(10, 2015, &book), None, "no cap before Quy định 132");
    }

    #[test]
    fn grades_read_as_officials_write_them() {
        assert_eq!(Grade::read_vi("HTXSNV"), Ok(Grade::Excellent));
        assert_eq!(Grade::read_vi("Trong sạch vững mạnh"), Ok(Grade::CleanStrong));
        assert_eq!(Grade::read_vi("trong sach, vung manh"), Ok(Grade::CleanStrong));
        assert_eq!(Grade::read_vi("Hoàn thành tốt nhiệm vụ"), Ok(Grade::Good));
        assert_eq!(Grade::read_vi("Yếu kém"), Ok(Grade::Weak));
        assert!(Grade::read_vi("giỏi").is_err());
    }
}
