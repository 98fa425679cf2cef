//! What the register says of a unit's subtree on one date.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UnitRef {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SectorFigures {
    pub organizations: u64,
    pub members: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MemberFigures {
    /// Probationary plus full members: the membership count (đảng số).
    pub total: u64,
    pub official: u64,
    pub probationary: u64,
    pub women: u64,
    pub men: u64,
    /// Cumulative to the date: removals, expulsions, deaths and transfers out recorded in the subtree.
    pub removed: u64,
    pub expelled: u64,
    pub deceased: u64,
    pub transferred_out: u64,
    /// Cumulative to the date: members who left the party at their own request.
    pub resigned: u64,
    /// Members between two cells on the date: sent and not yet received. Counted here and not in
    /// `total`, so that each member is counted once at every date.
    pub in_transit: u64,
    pub by_age_band: BTreeMap<&'static str, u64>,
    pub by_education: BTreeMap<&'static str, u64>,
    pub by_theory: BTreeMap<&'static str, u64>,
    /// Members of a recorded ethnic group other than the Kinh majority (người dân tộc thiểu số).
    pub ethnic_minority: u64,
    /// Members by recorded ethnic group (members without one are left out).
    pub by_ethnicity: BTreeMap<String, u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct QuotaActual {
    pub quota: u64,
    pub actual: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Staffing {
    pub year: i32,
    pub quota: u64,
    pub actual: u64,
    pub by_category: BTreeMap<&'static str, QuotaActual>,
}

/// What the register says of a unit's subtree on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub unit: UnitRef,
    pub at: Date,
    /// Units below the unit (not counting itself), by kind code.
    pub units_by_kind: BTreeMap<&'static str, u64>,
    /// Grassroots party organizations at or below the unit and their members, by sector code.
    pub grassroots_by_sector: BTreeMap<&'static str, SectorFigures>,
    pub members: MemberFigures,
    pub positions_by_rank: BTreeMap<&'static str, u64>,
    pub staffing: Staffing,
}

/// The other date's figures, to set beside the main ones.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = FigureComparison)]
pub struct Comparison {
    pub at: Date,
    pub figures: Figures,
}
