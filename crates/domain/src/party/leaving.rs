//! Leaving the party, each with its ground and decision: removal from the rolls (xóa tên) on one of
//! its five grounds, expulsion (the outcome of a discipline decision), leaving at one's own request,
//! and death. Returning is a re-admission, allowed once (see admission).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{MemberStatus, UnknownCode};

code_list! {
    /// Why a member leaves the party.
    Ground, "ground for leaving", "lý do ra khỏi Đảng" {
        SkippedActivityOrDues = "skipped_activity_or_dues",
            "Xóa tên: bỏ sinh hoạt đảng hoặc không đóng đảng phí 3 tháng trong năm không có lý do",
            "Removed: skipped party activity or did not pay dues for 3 months in a year without reason";
        ReturnedCard = "returned_card",
            "Xóa tên: tự ý trả thẻ đảng viên hoặc tự hủy thẻ",
            "Removed: returned or destroyed the party card";
        DeclinedNoProgress = "declined_no_progress",
            "Xóa tên: giảm sút ý chí, đã giáo dục 12 tháng không tiến bộ",
            "Removed: commitment declined, no progress after 12 months of correction";
        BreachedTwoYears = "breached_two_years",
            "Xóa tên: hai năm liền vi phạm tư cách đảng viên",
            "Removed: breached membership standards two years running";
        PoliticalStandards = "political_standards",
            "Xóa tên: không đủ tiêu chuẩn chính trị",
            "Removed: does not meet the political standards";
        Expulsion = "expulsion",
            "Khai trừ (theo quyết định kỷ luật)",
            "Expelled (by a discipline decision)";
        Resignation = "resignation",
            "Cho ra khỏi Đảng theo nguyện vọng",
            "Left at own request";
        Death = "death",
            "Từ trần",
            "Died";
    }
}

impl Ground {
    /// The status the member has from the day they leave.
    pub fn status(self) -> MemberStatus {
        match self {
            Ground::Expulsion => MemberStatus::Expelled,
            Ground::Resignation => MemberStatus::Resigned,
            Ground::Death => MemberStatus::Deceased,
            _ => MemberStatus::Removed,
        }
    }

    /// Whether a probationary member may leave on this ground: discipline gives them a reprimand or
    /// a warning at most, so they are removed, never expelled (rule 16).
    pub fn open_to_probationary(self) -> bool {
        self != Ground::Expulsion
    }
}
