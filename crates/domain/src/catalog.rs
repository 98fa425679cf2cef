//! The code lists of the register: kinds of unit, sectors, member statuses, ranks, staffing
//! categories and the like. Each list is one table of (code, Vietnamese label, English label); the
//! codes are what files, the API and the databases carry, the labels are what people read.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code that is not in its list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {list} code '{code}'; known codes: {known}")]
pub struct UnknownCode {
    pub list: &'static str,
    pub list_vi: &'static str,
    pub code: String,
    pub known: String,
}

impl UnknownCode {
    pub fn vi(&self) -> String {
        format!("mã {} '{}' không có trong danh mục; các mã hợp lệ: {}", self.list_vi, self.code, self.known)
    }
}

/// Declares a code list: an enum whose variants carry their code and labels.
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $name:ident, $list:literal, $list_vi:literal {
            $( $variant:ident = $code:literal, $vi:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            pub fn label_vi(self) -> &'static str {
                match self { $( $name::$variant => $vi ),+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en ),+ }
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
                        list_vi: $list_vi,
                        code: c.to_string(),
                        known: [$( $code ),+].join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::schema::code_list($list, &[$( ($code, $vi) ),+])
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
                $name::parse(&s).map_err(|e| serde::de::Error::custom(crate::text::both(&e.vi(), &e.to_string())))
            }
        }
    };
}

code_list! {
    /// What a unit is. Party organizations at every level, state bodies, public service units,
    /// enterprises, mass organizations, communities and territories.
    UnitKind, "unit kind", "loại đơn vị" {
        Nation = "nation", "Nước Cộng hòa xã hội chủ nghĩa Việt Nam", "Socialist Republic of Viet Nam";
        Province = "province", "Tỉnh, thành phố trực thuộc trung ương", "Province or centrally run city";
        District = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh", "District (abolished 1/7/2025)";
        Commune = "commune", "Xã, phường, đặc khu", "Commune, ward or special zone";
        PartyCentral = "party_central", "Ban Chấp hành Trung ương Đảng", "Party Central Committee";
        PartyProvincial = "party_provincial", "Đảng bộ tỉnh, thành phố", "Provincial party organization";
        PartyDistrict = "party_district", "Đảng bộ huyện, quận", "District party organization";
        PartyCommune = "party_commune", "Đảng bộ xã, phường, đặc khu", "Commune party committee";
        PartyBloc = "party_bloc", "Đảng bộ khối", "Bloc party committee";
        PartyGrassrootsCommittee = "party_grassroots_committee", "Đảng bộ cơ sở", "Grassroots party committee";
        PartyGrassrootsCell = "party_grassroots_cell", "Chi bộ cơ sở", "Grassroots party cell";
        PartySubcommittee = "party_subcommittee", "Đảng bộ bộ phận", "Party sub-committee";
        PartyCell = "party_cell", "Chi bộ trực thuộc", "Party cell";
        PartyDelegation = "party_delegation", "Đảng đoàn", "Party delegation";
        PartyExecutiveBoard = "party_executive_board", "Ban cán sự đảng", "Party executive board";
        PartyCommission = "party_commission", "Ban, ủy ban của cấp ủy", "Commission of a party committee";
        PeoplesCouncil = "peoples_council", "Hội đồng nhân dân", "People's council";
        PeoplesCommittee = "peoples_committee", "Ủy ban nhân dân", "People's committee";
        Department = "department", "Sở, ban, ngành", "Department";
        Division = "division", "Phòng, ban chuyên môn", "Division";
        PublicServiceUnit = "public_service_unit", "Đơn vị sự nghiệp công lập", "Public service unit";
        Enterprise = "enterprise", "Doanh nghiệp", "Enterprise";
        FatherlandFront = "fatherland_front", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Viet Nam Fatherland Front committee";
        TradeUnion = "trade_union", "Công đoàn", "Trade union";
        YouthUnion = "youth_union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ho Chi Minh Communist Youth Union";
        WomensUnion = "womens_union", "Hội Liên hiệp Phụ nữ", "Women's Union";
        FarmersUnion = "farmers_union", "Hội Nông dân", "Farmers' Union";
        VeteransUnion = "veterans_union", "Hội Cựu chiến binh", "Veterans' Association";
        Village = "village", "Thôn, bản, ấp", "Village";
        ResidentialGroup = "residential_group", "Tổ dân phố", "Residential group";
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
    Sector, "sector", "loại hình" {
        AdminAgency = "admin_agency", "Cơ quan hành chính", "Administrative agency";
        PublicService = "public_service", "Đơn vị sự nghiệp", "Public service unit";
        Soe100 = "soe_100", "Doanh nghiệp 100% vốn Nhà nước", "Wholly state-owned enterprise";
        StateMajority = "state_majority", "Doanh nghiệp trên 50% vốn Nhà nước", "State-majority enterprise";
        StateMinority = "state_minority", "Doanh nghiệp dưới 50% vốn Nhà nước", "State-minority enterprise";
        Private = "private", "Doanh nghiệp cổ phần, doanh nghiệp tư nhân", "Joint-stock or private enterprise";
        Commune = "commune", "Xã, phường, đặc khu", "Commune or ward";
        ArmedForces = "armed_forces", "Lực lượng vũ trang", "Armed forces";
        Other = "other", "Loại hình khác", "Other";
    }
}

code_list! {
    /// Ownership class of an enterprise.
    Ownership, "ownership class", "loại hình sở hữu" {
        State100 = "state_100", "100% vốn Nhà nước", "Wholly state-owned";
        StateMajority = "state_majority", "Nhà nước nắm trên 50% vốn", "State majority";
        StateMinority = "state_minority", "Nhà nước nắm dưới 50% vốn", "State minority";
        Private = "private", "Cổ phần, tư nhân", "Joint-stock or private";
        Foreign = "foreign", "Có vốn đầu tư nước ngoài", "Foreign-invested";
    }
}

code_list! {
    /// Party membership status (đảng tịch).
    MemberStatus, "member status", "tình trạng đảng viên" {
        Probationary = "probationary", "Đảng viên dự bị", "Probationary member";
        Official = "official", "Đảng viên chính thức", "Full member";
        Removed = "removed", "Xóa tên", "Removed from the list";
        Expelled = "expelled", "Khai trừ", "Expelled";
        Deceased = "deceased", "Từ trần", "Deceased";
        TransferredOut = "transferred_out", "Chuyển sinh hoạt đi", "Transferred out";
        InTransit = "in_transit", "Đang chuyển sinh hoạt", "In transit";
        Resigned = "resigned", "Cho ra khỏi Đảng (theo nguyện vọng)", "Left the party at own request";
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
    Rank, "rank", "cấp bậc chức vụ" {
        Head = "head", "Cấp trưởng", "Head";
        Deputy = "deputy", "Cấp phó", "Deputy";
        Member = "member", "Ủy viên", "Member";
        Staff = "staff", "Chuyên viên, nhân viên", "Staff";
    }
}

code_list! {
    /// Staffing category (cán bộ, công chức, viên chức…).
    StaffCategory, "staffing category", "loại biên chế" {
        Cadre = "cadre", "Cán bộ", "Cadre";
        CivilServant = "civil_servant", "Công chức", "Civil servant";
        PublicEmployee = "public_employee", "Viên chức", "Public employee";
        Contract = "contract", "Hợp đồng lao động", "Contract worker";
        PartTime = "part_time", "Người hoạt động không chuyên trách", "Part-time non-professional";
    }
}

code_list! {
    Gender, "gender", "giới tính" {
        Male = "male", "Nam", "Male";
        Female = "female", "Nữ", "Female";
    }
}

code_list! {
    /// Highest professional qualification.
    Education, "education level", "trình độ chuyên môn" {
        None = "none", "Chưa qua đào tạo", "No qualification";
        Secondary = "secondary", "Trung cấp", "Vocational secondary";
        College = "college", "Cao đẳng", "College";
        Bachelor = "bachelor", "Đại học", "Bachelor";
        Master = "master", "Thạc sĩ", "Master";
        Doctor = "doctor", "Tiến sĩ", "Doctorate";
    }
}

code_list! {
    /// Political theory level.
    Theory, "political theory level", "trình độ lý luận chính trị" {
        None = "none", "Chưa qua đào tạo", "None";
        Elementary = "elementary", "Sơ cấp", "Elementary";
        Intermediate = "intermediate", "Trung cấp", "Intermediate";
        Advanced = "advanced", "Cao cấp, cử nhân", "Advanced";
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
        assert!(err.vi().contains("loại hình"));
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
