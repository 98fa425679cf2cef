//! The numeric rules a restructuring is judged by — thresholds, caps, deadlines — as effective-dated
//! data with the document each comes from. A case is judged by the value in force on its date; an
//! administrator records a new value from a date when a rule changes, and the old one stays.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{UnitKind, UnknownCode};
use crate::date::{Date, Validity};

code_list! {
    /// The rules tinhgon holds as data.
    RuleKey, "rule", "rule" {
        CellMinOfficial = "cell_min_official"; GrassrootsCommitteeMin = "grassroots_committee_min";
        CellDeputyCap = "cell_deputy_cap"; DepartmentDeputyCap = "department_deputy_cap";
        DivisionDeputyCapSmall = "division_deputy_cap_small"; DivisionStaffMid = "division_staff_mid";
        DivisionDeputyCapMid = "division_deputy_cap_mid"; DivisionStaffLarge = "division_staff_large";
        DivisionDeputyCapLarge = "division_deputy_cap_large"; SurplusDeadlineYears = "surplus_deadline_years";
        AdmissionMinAgeMonths = "admission_min_age_months"; AdmissionMaxAgeMonths = "admission_max_age_months";
        AdmissionMinGrade = "admission_min_grade"; CourseValidityYears = "course_validity_years";
        SponsorsRequired = "sponsors_required"; SponsorMinMonths = "sponsor_min_months";
        CeremonyWorkingDays = "ceremony_working_days"; ProbationMonths = "probation_months";
        RecognitionWorkingDays = "recognition_working_days"; ReadmissionsAllowed = "readmissions_allowed";
        TransferPresentWorkingDays = "transfer_present_working_days"; TemporaryMinMonths = "temporary_min_months";
        TemporaryUnderMonths = "temporary_under_months"; TrainingMinMonths = "training_min_months";
        BadgeEarlyMonths = "badge_early_months"; BadgeEarlyMonthsLate = "badge_early_months_late";
        BadgeEarlyLateFrom = "badge_early_late_from"; DuesInsuredPermille = "dues_insured_permille";
        DuesPensionPermille = "dues_pension_permille"; DuesStudentMonthly = "dues_student_monthly";
        DuesOtherMonthly = "dues_other_monthly"; DuesExemptPartyAgeYears = "dues_exempt_party_age_years";
        DuesReductionMaxMonths = "dues_reduction_max_months";
        DuesUnpaidMonthsForRemoval = "dues_unpaid_months_for_removal";
        MeetingQuorumThirds = "meeting_quorum_thirds"; RegularMeetingMonths = "regular_meeting_months";
        ThematicMeetingMonths = "thematic_meeting_months"; AbsencesForRemoval = "absences_for_removal";
        RatingTopCapPercent = "rating_top_cap_percent"; RatingDisciplinedBestRank = "rating_disciplined_best_rank";
        LimitReprimandYears = "limit_reprimand_years"; LimitWarningYears = "limit_warning_years";
        DenunciationWorkingDays = "denunciation_working_days";
        DenunciationExtensionWorkingDays = "denunciation_extension_working_days";
        ComplaintMonths = "complaint_months"; TrainingMaxMonths = "training_max_months";
    }
}

/// One value of a rule, in force over an interval, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RuleValue {
    pub key: RuleKey,
    pub value: i64,
    pub validity: Validity,
    pub source: String,
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or(Date::EPOCH)
}

/// The values a new register starts with. Dates are those the source documents took effect.
pub fn defaults() -> Vec<RuleValue> {
    const CHARTER: &str = "Điều lệ Đảng Cộng sản Việt Nam (2011)";
    const ND107: &str = "Nghị định 107/2020/NĐ-CP, Điều 1 (sửa Điều 6 Nghị định 24/2014/NĐ-CP)";
    // The figures stand in Quy định 24-QĐ/TW and its successors; that the regulations before it
    // (back to the 2011 Charter) held the same is not verified, and is said in the source.
    const QD24: &str = "Quy định 24-QĐ/TW (30/7/2021) thi hành Điều lệ Đảng, nhắc lại ở Quy định 232-QĐ/TW và 294-QĐ/TW; trước 2021 theo các quy định trước (chưa kiểm chứng)";
    let charter = day(2011, 1, 19);
    let qd24 = charter;
    // Badges: the guidance of 2021, the same milestones before it (not verified before 2021).
    let hd01 = charter;
    let nd107 = day(2020, 10, 25);
    let v = |key, value, from: Date, source: &str| RuleValue {
        key,
        value,
        validity: Validity::open(from),
        source: source.to_string(),
    };
    let ended = |key, value, from: Date, to: Date, source: &str| RuleValue {
        key,
        value,
        validity: Validity { from, to: Some(to) },
        source: source.to_string(),
    };
    let (qd342, qd01) = (day(2010, 12, 28), day(2026, 2, 1));
    vec![
        v(RuleKey::CellMinOfficial, 3, charter, &format!("{CHARTER}, Điều 21.2 và 24.1")),
        v(RuleKey::GrassrootsCommitteeMin, 30, charter, &format!("{CHARTER}, Điều 21.3")),
        v(RuleKey::CellDeputyCap, 1, charter, &format!("{CHARTER}, Điều 24.4")),
        v(RuleKey::DepartmentDeputyCap, 3, nd107, ND107),
        v(RuleKey::DivisionDeputyCapSmall, 1, nd107, &format!("{ND107}; tỉnh loại II, III")),
        v(RuleKey::DivisionStaffMid, 8, nd107, &format!("{ND107}; tỉnh loại II, III")),
        v(RuleKey::DivisionDeputyCapMid, 2, nd107, &format!("{ND107}; tỉnh loại II, III")),
        v(RuleKey::DivisionStaffLarge, 15, nd107, ND107),
        v(RuleKey::DivisionDeputyCapLarge, 3, nd107, ND107),
        v(RuleKey::AdmissionMinAgeMonths, 18 * 12, qd24, &format!("{QD24}, điểm 1.1 (đủ 18 tuổi, tính theo tháng)")),
        v(
            RuleKey::AdmissionMaxAgeMonths,
            60 * 12,
            qd24,
            &format!("{QD24}, điểm 1.1 (không quá 60 tuổi, tính theo tháng)"),
        ),
        v(RuleKey::AdmissionMinGrade, 9, qd24, &format!("{QD24}, điểm 1.2 (tốt nghiệp trung học cơ sở)")),
        v(
            RuleKey::CourseValidityYears,
            5,
            qd24,
            "Hướng dẫn 09-HD/BTCTW, 12-HD/BTCTW (theo trang thứ cấp; chưa kiểm chứng văn bản gốc / unverified)",
        ),
        v(
            RuleKey::SponsorsRequired,
            2,
            charter,
            &format!("{CHARTER}, Điều 4 (số 2 người chưa kiểm chứng văn bản gốc / unverified)"),
        ),
        v(RuleKey::SponsorMinMonths, 12, qd24, &format!("{QD24}, điểm 3.2")),
        v(RuleKey::CeremonyWorkingDays, 30, qd24, &format!("{QD24}, điểm 4.1")),
        v(RuleKey::ProbationMonths, 12, charter, &format!("{CHARTER}, Điều 5.1")),
        v(RuleKey::RecognitionWorkingDays, 30, qd24, &format!("{QD24}, điểm 4.2.1")),
        v(RuleKey::ReadmissionsAllowed, 1, qd24, &format!("{QD24}, điểm 3.5.3")),
        v(RuleKey::TransferPresentWorkingDays, 30, qd24, &format!("{QD24}, điểm 6.3.1")),
        v(RuleKey::TemporaryMinMonths, 3, qd24, &format!("{QD24}, điểm 6.3.2")),
        v(RuleKey::TemporaryUnderMonths, 12, qd24, &format!("{QD24}, điểm 6.3.2 (từ 3 tháng đến dưới 12 tháng)")),
        v(RuleKey::TrainingMinMonths, 3, qd24, &format!("{QD24}, điểm 6.3.2; Hướng dẫn 01-HD/TW, điểm 10.2.2")),
        // Dues: Quyết định 342-QĐ/TW (28/12/2010) until January 2026, then Quy định 01-QĐ/TW.
        ended(
            RuleKey::DuesInsuredPermille,
            10,
            qd342,
            qd01,
            "Quyết định 342-QĐ/TW (2010): 1% tiền lương (chưa kiểm chứng văn bản gốc / unverified)",
        ),
        v(
            RuleKey::DuesInsuredPermille,
            10,
            qd01,
            "Quy định 01-QĐ/TW (03/02/2026): 1% tiền lương đóng bảo hiểm xã hội tháng trước (theo tin báo chí)",
        ),
        ended(
            RuleKey::DuesPensionPermille,
            5,
            qd342,
            qd01,
            "Quyết định 342-QĐ/TW (2010): 0,5% lương hưu (chưa kiểm chứng / unverified)",
        ),
        v(RuleKey::DuesPensionPermille, 5, qd01, "Quy định 01-QĐ/TW (03/02/2026): 0,5% lương hưu (theo tin báo chí)"),
        ended(
            RuleKey::DuesStudentMonthly,
            3_000,
            qd342,
            qd01,
            "Quyết định 342-QĐ/TW (2010): học sinh, sinh viên (mức chưa kiểm chứng / unverified)",
        ),
        v(
            RuleKey::DuesStudentMonthly,
            5_000,
            qd01,
            "Quy định 01-QĐ/TW (03/02/2026): 5.000 đồng một tháng (theo tin báo chí)",
        ),
        ended(
            RuleKey::DuesOtherMonthly,
            5_000,
            qd342,
            qd01,
            "Quyết định 342-QĐ/TW (2010): 2.000–30.000 đồng tùy đối tượng (mức chưa kiểm chứng / unverified)",
        ),
        v(
            RuleKey::DuesOtherMonthly,
            5_000,
            qd01,
            "Quy định 01-QĐ/TW (2026): đối tượng khác (mức chưa kiểm chứng / unverified)",
        ),
        v(
            RuleKey::DuesExemptPartyAgeYears,
            50,
            qd01,
            "Quy định 01-QĐ/TW (03/02/2026): miễn từ 50 năm tuổi Đảng (theo tin báo chí)",
        ),
        v(
            RuleKey::DuesReductionMaxMonths,
            12,
            qd01,
            "Quy định 01-QĐ/TW (03/02/2026): giảm 30, 50, 70% tối đa 12 tháng (theo tin báo chí)",
        ),
        v(RuleKey::DuesUnpaidMonthsForRemoval, 3, qd24, &format!("{QD24}, điểm 8.1 (3 tháng trong năm)")),
        v(RuleKey::BadgeEarlyMonths, 12, hd01, "Hướng dẫn 01-HD/TW (28/9/2021), điểm 18"),
        v(RuleKey::BadgeEarlyMonthsLate, 24, hd01, "Hướng dẫn 01-HD/TW (28/9/2021), điểm 18"),
        v(RuleKey::BadgeEarlyLateFrom, 70, hd01, "Hướng dẫn 01-HD/TW (28/9/2021), điểm 18"),
        v(
            RuleKey::MeetingQuorumThirds,
            2,
            charter,
            &format!("{CHARTER}, Điều 10 (ít nhất hai phần ba; áp dụng cho sinh hoạt chi bộ chưa kiểm chứng / unverified)"),
        ),
        v(RuleKey::RegularMeetingMonths, 1, charter, &format!("{CHARTER}, Điều 24.2 (chi bộ họp thường lệ mỗi tháng một lần)")),
        v(
            RuleKey::ThematicMeetingMonths,
            3,
            day(2017, 1, 1),
            "Hướng dẫn 12-HD/BTCTW (2018) về sinh hoạt chi bộ: chuyên đề ít nhất mỗi quý một lần (theo trang thứ cấp; chưa kiểm chứng văn bản gốc / unverified)",
        ),
        v(
            RuleKey::AbsencesForRemoval,
            3,
            qd24,
            &format!("{QD24}, điểm 8.1 (bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng)"),
        ),
        v(
            RuleKey::RatingTopCapPercent,
            20,
            day(2018, 3, 8),
            "Quy định 132-QĐ/TW (08/3/2018), Hướng dẫn 21-HD/BTCTW (2019) điểm 2.3; giữ nguyên theo Quy định 124-QĐ/TW và 366-QĐ/TW chưa kiểm chứng / unverified",
        ),
        v(
            RuleKey::RatingDisciplinedBestRank,
            3,
            day(2018, 3, 8),
            "Quy định 132-QĐ/TW, 124-QĐ/TW, 366-QĐ/TW: bị kỷ luật trong năm thì xếp loại hoàn thành nhiệm vụ trở xuống (chưa kiểm chứng văn bản gốc / unverified; Nghị định 335/2025 với công chức: không hoàn thành)",
        ),
        v(
            RuleKey::LimitReprimandYears,
            5,
            day(2017, 9, 15),
            "Quy định 102-QĐ/TW Điều 3; Quy định 07-QĐi/TW Điều 5; Quy định 69-QĐ/TW (giữ nguyên chưa kiểm chứng / unverified)",
        ),
        v(
            RuleKey::LimitWarningYears,
            10,
            day(2017, 9, 15),
            "Quy định 102-QĐ/TW Điều 3; Quy định 07-QĐi/TW Điều 5; Quy định 69-QĐ/TW (giữ nguyên chưa kiểm chứng / unverified)",
        ),
        v(
            RuleKey::DenunciationWorkingDays,
            90,
            charter,
            "Quy định 22-QĐ/TW (28/7/2021); trước đó theo các quy định trước và sau đó Quy định 296-QĐ/TW (30/5/2025) giữ nguyên chưa kiểm chứng / unverified",
        ),
        v(
            RuleKey::DenunciationExtensionWorkingDays,
            30,
            charter,
            "Quy định 22-QĐ/TW (28/7/2021); trước đó theo các quy định trước và sau đó Quy định 296-QĐ/TW (30/5/2025) giữ nguyên chưa kiểm chứng / unverified",
        ),
        v(RuleKey::ComplaintMonths, 1, charter, &format!("{CHARTER}, Điều 39 (trong một tháng kể từ ngày nhận quyết định)")),
        v(RuleKey::TrainingMaxMonths, 24, qd24, &format!("{QD24}, điểm 6.3.2; Hướng dẫn 01-HD/TW, điểm 10.2.2")),
        v(
            RuleKey::SurplusDeadlineYears,
            3,
            day(2018, 1, 1),
            "Lộ trình không quá 3 năm đưa số cấp phó về định mức (Đề án 25 của Quảng Ninh, theo Nghị quyết 18-NQ/TW)",
        ),
    ]
}

/// Every value of every rule, to be asked what was in force on a date.
#[derive(Clone, Debug, Default)]
pub struct RuleBook {
    values: Vec<RuleValue>,
}

impl RuleBook {
    pub fn new(values: Vec<RuleValue>) -> RuleBook {
        RuleBook { values }
    }

    pub fn values(&self) -> &[RuleValue] {
        &self.values
    }

    /// The value in force on a date with its source.
    pub fn at(&self, key: RuleKey, on: Date) -> Option<&RuleValue> {
        self.values.iter().find(|v| v.key == key && v.validity.contains(on))
    }

    pub fn value(&self, key: RuleKey, on: Date) -> Option<i64> {
        self.at(key, on).map(|v| v.value)
    }

    /// The most deputies a unit of a kind with `staff` people may have on a date, where a rule
    /// sets one; `None` where none is recorded.
    pub fn deputy_cap(&self, kind: UnitKind, staff: u32, on: Date) -> Option<u32> {
        let n = |k| self.value(k, on).map(|v| v.max(0) as u32);
        match kind {
            UnitKind::PartyCell | UnitKind::PartyGrassrootsCell => n(RuleKey::CellDeputyCap),
            UnitKind::Department => n(RuleKey::DepartmentDeputyCap),
            UnitKind::Division => {
                let large = n(RuleKey::DivisionStaffLarge).unwrap_or(u32::MAX);
                let mid = n(RuleKey::DivisionStaffMid).unwrap_or(u32::MAX);
                if staff >= large {
                    n(RuleKey::DivisionDeputyCapLarge)
                } else if staff >= mid {
                    n(RuleKey::DivisionDeputyCapMid)
                } else {
                    n(RuleKey::DivisionDeputyCapSmall)
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_judged_by_the_value_in_force_on_the_date() {
        let mut values = defaults();
        // A later change: from 2026 a cell may have two deputies.
        for v in values.iter_mut().filter(|v| v.key == RuleKey::CellDeputyCap) {
            v.validity.to = Some(day(2026, 1, 1));
        }
        values.push(RuleValue {
            key: RuleKey::CellDeputyCap,
            value: 2,
            validity: Validity::open(day(2026, 1, 1)),
            source: "test".into(),
        });
        let book = RuleBook::new(values);
        assert_eq!(book.deputy_cap(UnitKind::PartyCell, 0, day(2025, 7, 1)), Some(1));
        assert_eq!(book.deputy_cap(UnitKind::PartyCell, 0, day(2026, 7, 1)), Some(2));
        assert_eq!(book.deputy_cap(UnitKind::PartyCell, 0, day(2010, 7, 1)), None, "before the Charter");
        assert_eq!(book.deputy_cap(UnitKind::Division, 7, day(2025, 7, 1)), Some(1));
        assert_eq!(book.deputy_cap(UnitKind::Division, 8, day(2025, 7, 1)), Some(2));
        assert_eq!(book.deputy_cap(UnitKind::Division, 15, day(2025, 7, 1)), Some(3));
        assert_eq!(book.deputy_cap(UnitKind::Commune, 15, day(2025, 7, 1)), None);
    }
}
