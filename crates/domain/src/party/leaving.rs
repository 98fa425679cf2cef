//! Leaving the party, each with its ground and decision: removal from the rolls (xóa tên) on one of
//! its five grounds, expulsion (the outcome of a discipline decision), leaving at one's own request,
//! and death. Returning is a re-admission, allowed once (see admission).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{MemberStatus, UnknownCode};

code_list! {
    /// Why a member leaves the party.
    Ground, "ground for leaving", "ground-for-leaving" {
        SkippedActivityOrDues = "skipped_activity_or_dues"; ReturnedCard = "returned_card";
        DeclinedNoProgress = "declined_no_progress"; BreachedTwoYears = "breached_two_years";
        PoliticalStandards = "political_standards"; Expulsion = "expulsion"; Resignation = "resignation";
        Death = "death";
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
