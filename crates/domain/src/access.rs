//! Who may do what: the roles of tinhgon's users and the actions each may take.
//!
//! This is the rule table only. Whether a particular unit or person lies inside a user's scope is
//! decided by the one authorization point of the server, which asks [`Role::may`] first.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;

code_list! {
    /// The role of an account.
    Role, "role", "role" {
        Admin = "admin"; Organization = "organization"; Inspection = "inspection"; HomeAffairs = "home_affairs";
        Secretary = "secretary"; Auditor = "auditor"; Member = "member";
    }
}

/// What a request does, as far as permission goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the register: units, their people, statistics, exports, the change log.
    Read,
    /// Create, edit and end units and their staffing quotas.
    EditUnits,
    /// Appoint people to positions and end their terms.
    EditPositions,
    /// Record, move and end party membership.
    EditMembers,
    /// Create people and correct their particulars.
    EditPeople,
    /// See restructuring plans, their simulations and the units above their deputy caps.
    ReadPlans,
    /// Draft, edit, apply and revert restructuring plans.
    ApplyPlans,
    /// Manage accounts, tokens and the rules plans are judged by.
    Administer,
    /// Read the confidential cases of inspection work (inspections, denunciations, complaints)
    /// before their decision is announced, where the handling unit is in reach.
    ReadCases,
    /// Open and conclude cases and record discipline decisions.
    Inspect,
    /// Issue party documents, programmes and review campaigns for a committee, and draft and
    /// submit its reports: the committee's office (organization officers) and the secretaries.
    Direct,
}

/// How far an account reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The whole register.
    Everything,
    /// One unit and every unit that has ever been below it.
    Subtree,
    /// The account holder's own record.
    OwnRecord,
}

impl Role {
    /// Whether the role may take the action at all (the scope is checked separately).
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match (self, action) {
            (Admin, _) => true,
            (_, Administer) => false,
            // The inspection commission does inspection work; the organization officer of the
            // handling committee reads it.
            (Inspection, Read | ReadPlans | ReadCases | Inspect) => true,
            (Organization, Inspect) => false,
            (Organization, _) => true,
            (HomeAffairs, Read | EditUnits | EditPositions | ReadPlans | ApplyPlans) => true,
            (Secretary, Read | EditMembers | EditPeople | Direct) => true,
            (Auditor, Read | ReadPlans) => true,
            (Member, Read) => true,
            _ => false,
        }
    }

    pub fn reach(self) -> Reach {
        match self {
            Role::Admin | Role::Auditor => Reach::Everything,
            Role::Organization | Role::Inspection | Role::HomeAffairs | Role::Secretary => Reach::Subtree,
            Role::Member => Reach::OwnRecord,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_administrator_administers_and_readers_never_write() {
        for r in Role::ALL {
            assert_eq!(r.may(Action::Administer), *r == Role::Admin, "{r}");
            assert!(r.may(Action::Read), "{r}");
        }
        // Inspection work: the inspection officer does it, the organization officer reads it.
        for r in Role::ALL {
            assert_eq!(r.may(Action::Inspect), matches!(r, Role::Admin | Role::Inspection), "{r}");
            assert_eq!(
                r.may(Action::ReadCases),
                matches!(r, Role::Admin | Role::Inspection | Role::Organization),
                "{r}"
            );
        }
        for r in [Role::Inspection, Role::Auditor, Role::Member] {
            for a in [Action::EditUnits, Action::EditPositions, Action::EditMembers, Action::EditPeople] {
                assert!(!r.may(a), "{r} {a:?}");
            }
        }
        // Documents and campaigns: the committee's office and the secretaries.
        for r in Role::ALL {
            let directs = matches!(r, Role::Admin | Role::Organization | Role::Secretary);
            assert_eq!(r.may(Action::Direct), directs, "{r}");
        }
        assert!(Role::HomeAffairs.may(Action::EditPositions) && !Role::HomeAffairs.may(Action::EditMembers));
        assert!(Role::Secretary.may(Action::EditMembers) && !Role::Secretary.may(Action::EditUnits));
        // People's particulars: the roles the README's table names, not the home-affairs officer.
        for r in Role::ALL {
            let edits = matches!(r, Role::Admin | Role::Organization | Role::Secretary);
            assert_eq!(r.may(Action::EditPeople), edits, "{r}");
        }
        // Plans: those who restructure apply them; inspectors and auditors read them.
        for r in Role::ALL {
            let applies = matches!(r, Role::Admin | Role::Organization | Role::HomeAffairs);
            assert_eq!(r.may(Action::ApplyPlans), applies, "{r}");
            assert_eq!(r.may(Action::ReadPlans), applies || matches!(r, Role::Inspection | Role::Auditor), "{r}");
        }
    }

    #[test]
    fn scoped_roles_need_a_unit_and_members_see_only_themselves() {
        assert_eq!(Role::Organization.reach(), Reach::Subtree);
        assert_eq!(Role::Auditor.reach(), Reach::Everything);
        assert_eq!(Role::Member.reach(), Reach::OwnRecord);
        assert_eq!(Role::parse("home_affairs"), Ok(Role::HomeAffairs));
        assert!(Role::parse("root").is_err());
    }
}
