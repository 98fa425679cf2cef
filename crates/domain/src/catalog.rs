//! The code lists of the register: kinds of unit, sectors, member statuses, ranks, staffing
//! categories and the like. Each list is an enumeration of codes; the codes are what files, the API
//! and the databases carry. Their labels, what people read, are in the catalogs under
//! `<list>-<code>` ([`crate::msg::Labelled`]), the list's own name under `list-<list>`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::msg::Msg;

/// The Vietnamese catalog: every sentence and label tinhgon shows, by key (Fluent). The catalogs
/// are kept here, beside the code lists and messages whose keys they hold; the edges render them.
pub const VI_FTL: &str = include_str!("../locales/vi.ftl");
/// The English catalog, key for key the Vietnamese one.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

/// The text of a message that is plain words (no values, one line), as a code's label is: for the
/// reference table of labels the database keeps for those who read it with SQL.
pub fn plain(catalog: &str, key: &str) -> Option<String> {
    catalog.lines().find_map(|l| {
        let (k, v) = l.split_once(" = ")?;
        (k == key && !v.contains('{')).then(|| v.trim().to_string())
    })
}

/// A code that is not in its list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {list} code '{code}'; known codes: {known}")]
pub struct UnknownCode {
    pub list: &'static str,
    /// The catalog key of the list's name.
    pub list_key: &'static str,
    pub code: String,
    pub known: String,
}

impl crate::msg::Said for UnknownCode {
    fn msg(&self) -> Msg {
        Msg::new("unknown-code").key_arg("list", self.list_key).text("code", &self.code).text("known", &self.known)
    }
}

/// Declares code lists, one or several: each an enum whose variants carry their code; the label of each is the catalog
/// key `<key>-<code>`.
macro_rules! code_list {
    ($(
        $(#[$meta:meta])*
        $name:ident, $list:literal, $key:literal {
            $( $variant:ident = $code:literal; )+
        }
    )+) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];
            /// The catalog key of the list's name.
            pub const LIST_KEY: &'static str = concat!("list-", $key);

            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// Position in the list, for dense counters.
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn parse(code: &str) -> Result<$name, UnknownCode> {
                let c = code.trim();
                match c {
                    $( $code => Ok($name::$variant), )+
                    _ => Err(UnknownCode {
                        list: $list,
                        list_key: $name::LIST_KEY,
                        code: c.to_string(),
                        known: [$( $code ),+].join(", "),
                    }),
                }
            }
        }

        impl $crate::msg::Labelled for $name {
            fn key(self) -> &'static str {
                match self { $( $name::$variant => concat!($key, "-", $code) ),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::schema::code_list($list, &[$( $code ),+])
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                crate::schema::name_of($list)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(|e| serde::de::Error::custom(crate::msg::Said::msg(&e).encode()))
            }
        }
    )+};
}

code_list! {
    /// What a unit is. Party organizations at every level, state bodies, public service units,
    /// enterprises, mass organizations, communities and territories.
    UnitKind, "unit kind", "unit-kind" {
        Nation = "nation"; Province = "province"; District = "district"; Commune = "commune";
        PartyCentral = "party_central"; PartyProvincial = "party_provincial"; PartyDistrict = "party_district";
        PartyCommune = "party_commune"; PartyBloc = "party_bloc";
        PartyGrassrootsCommittee = "party_grassroots_committee"; PartyGrassrootsCell = "party_grassroots_cell";
        PartySubcommittee = "party_subcommittee"; PartyCell = "party_cell"; PartyDelegation = "party_delegation";
        PartyExecutiveBoard = "party_executive_board"; PartyCommission = "party_commission";
        PeoplesCouncil = "peoples_council"; PeoplesCommittee = "peoples_committee"; Department = "department";
        Division = "division"; PublicServiceUnit = "public_service_unit"; Enterprise = "enterprise";
        FatherlandFront = "fatherland_front"; TradeUnion = "trade_union"; YouthUnion = "youth_union";
        WomensUnion = "womens_union"; FarmersUnion = "farmers_union"; VeteransUnion = "veterans_union";
        Village = "village"; ResidentialGroup = "residential_group";
    }
}

impl UnitKind {
    /// Grassroots party organizations (tổ chức cơ sở đảng): they carry the sector of their host.
    pub fn is_grassroots(self) -> bool {
        matches!(self, UnitKind::PartyGrassrootsCommittee | UnitKind::PartyGrassrootsCell)
    }

    /// Party organizations at the grassroots level (tổ chức cơ sở đảng) — grassroots committees and
    /// cells, and the party committees of communes, wards and special zones — within which a member
    /// moves from one cell to another in one step.
    pub fn is_grassroots_level(self) -> bool {
        self.is_grassroots() || self == UnitKind::PartyCommune
    }

    /// Party organizations whose members are counted directly (cells and grassroots cells).
    pub fn holds_members(self) -> bool {
        matches!(self, UnitKind::PartyCell | UnitKind::PartyGrassrootsCell)
    }

    pub fn is_party(self) -> bool {
        self.code().starts_with("party_")
    }

    /// Party organizations proper — committees, cells, delegations and executive boards — whose
    /// posts are held by party members; a committee's commissions are its advisory bodies, staffed
    /// by civil servants.
    pub fn is_party_organization(self) -> bool {
        self.is_party() && self != UnitKind::PartyCommission
    }

    /// Units with staff and a staffing quota (biên chế).
    pub fn has_staffing(self) -> bool {
        matches!(
            self,
            UnitKind::PeoplesCouncil
                | UnitKind::PeoplesCommittee
                | UnitKind::Department
                | UnitKind::Division
                | UnitKind::PublicServiceUnit
                | UnitKind::PartyCommission
                | UnitKind::FatherlandFront
                | UnitKind::YouthUnion
                | UnitKind::WomensUnion
                | UnitKind::FarmersUnion
                | UnitKind::VeteransUnion
                | UnitKind::TradeUnion
        )
    }
}

code_list! {
    /// The sector of the entity that hosts a grassroots party organization (seed 002's table).
    Sector, "sector", "sector" {
        AdminAgency = "admin_agency"; PublicService = "public_service"; Soe100 = "soe_100";
        StateMajority = "state_majority"; StateMinority = "state_minority"; Private = "private";
        Commune = "commune"; ArmedForces = "armed_forces"; Other = "other";
    }

    /// Ownership class of an enterprise.
    Ownership, "ownership class", "ownership-class" {
        State100 = "state_100"; StateMajority = "state_majority"; StateMinority = "state_minority";
        Private = "private"; Foreign = "foreign";
    }

    /// Party membership status (đảng tịch).
    MemberStatus, "member status", "member-status" {
        Probationary = "probationary"; Official = "official"; Removed = "removed"; Expelled = "expelled";
        Deceased = "deceased"; TransferredOut = "transferred_out"; InTransit = "in_transit"; Resigned = "resigned";
    }
}

impl MemberStatus {
    /// Whether the member counts in the membership (đảng số) of their cell.
    pub fn is_active(self) -> bool {
        matches!(self, MemberStatus::Probationary | MemberStatus::Official)
    }

    /// Whether the member has left the rolls (a member in transit has not: they are counted apart
    /// until the receiving cell takes them in).
    pub fn has_left(self) -> bool {
        !self.is_active() && self != MemberStatus::InTransit
    }
}

code_list! {
    /// The rank of a position in its unit.
    Rank, "rank", "rank" { Head = "head"; Deputy = "deputy"; Member = "member"; Staff = "staff"; }

    /// Staffing category (cán bộ, công chức, viên chức…).
    StaffCategory, "staffing category", "staffing-category" {
        Cadre = "cadre"; CivilServant = "civil_servant"; PublicEmployee = "public_employee"; Contract = "contract";
        PartTime = "part_time";
    }

    Gender, "gender", "gender" { Male = "male"; Female = "female"; }

    /// Highest professional qualification.
    Education, "education level", "education-level" {
        None = "none"; Secondary = "secondary"; College = "college"; Bachelor = "bachelor"; Master = "master";
        Doctor = "doctor";
    }

    /// Political theory level.
    Theory, "political theory level", "political-theory-level" {
        None = "none"; Elementary = "elementary"; Intermediate = "intermediate"; Advanced = "advanced";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_list_the_known_ones() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Ok(*k));
        }
        let err = Sector::parse("bank").unwrap_err();
        assert_eq!(err.code, "bank");
        assert!(err.known.contains("soe_100"));
        let m = crate::msg::Said::msg(&err);
        assert_eq!(m.key, "unknown-code");
        assert!(m.args.iter().any(|(n, v)| n == "list" && *v == crate::msg::Arg::Key("list-sector".into())), "{m:?}");
    }

    #[test]
    fn only_grassroots_kinds_are_grassroots_and_only_cells_hold_members() {
        let grassroots: Vec<_> = UnitKind::ALL.iter().filter(|k| k.is_grassroots()).collect();
        assert_eq!(grassroots, [&UnitKind::PartyGrassrootsCommittee, &UnitKind::PartyGrassrootsCell]);
        assert!(UnitKind::PartyCell.holds_members());
        assert!(!UnitKind::PartyGrassrootsCommittee.holds_members());
        assert!(UnitKind::PartyBloc.is_party() && !UnitKind::Department.is_party());
    }

    #[test]
    fn only_probationary_and_full_members_are_counted() {
        let active: Vec<_> = MemberStatus::ALL.iter().filter(|s| s.is_active()).collect();
        assert_eq!(active, [&MemberStatus::Probationary, &MemberStatus::Official]);
    }
}
