//! The counters one question fills while it walks a subtree.

use super::*;

pub(super) fn count(counts: &[u64], i: usize) -> u64 {
    counts.get(i).copied().unwrap_or(0)
}

/// Adds to a counter. The arrays' lengths are powers of two and the index is reduced modulo the
/// length, so the compiler drops the bounds check in the hot loop.
/// The slot of the staffing counters for main jobs whose holder has no staff category.
pub(super) const UNCLASSIFIED: usize = 7;
/// Its key in `staffing.by_category`.
pub const UNCLASSIFIED_CODE: &str = "unclassified";

pub(super) fn bump<const N: usize>(counts: &mut [u64; N], i: usize, by: u64) {
    if let Some(c) = counts.get_mut(i % N) {
        *c += by;
    }
}

/// Counts by ethnic group (an array too long for the standard `Default`).
#[derive(Clone)]
pub(super) struct EthnicCounts([u64; GROUPS]);

impl Default for EthnicCounts {
    fn default() -> Self {
        EthnicCounts([0; GROUPS])
    }
}

#[derive(Default, Clone)]
pub(super) struct Counters {
    pub(super) kinds: [u64; 32],
    pub(super) sector_orgs: [u64; 16],
    pub(super) sector_members: [u64; 16],
    pub(super) statuses: [u64; 8],
    pub(super) women: u64,
    pub(super) ages: [u64; 8],
    pub(super) education: [u64; 8],
    pub(super) theory: [u64; 8],
    pub(super) ranks: [u64; 8],
    pub(super) quota: [u64; 8],
    pub(super) actual: [u64; 8],
    /// Active members by ethnic group number.
    pub(super) ethnic: EthnicCounts,
}

// The counters' fixed sizes must hold every code of their lists.
const _: () = assert!(UnitKind::ALL.len() <= 32 && Sector::ALL.len() <= 16 && MemberStatus::ALL.len() <= 8);
const _: () = assert!(Education::ALL.len() <= 8 && Theory::ALL.len() <= 8 && Rank::ALL.len() <= 8);
const _: () = assert!(StaffCategory::ALL.len() <= 8);

pub const AGE_BANDS: [&str; 6] = ["under_30", "30_40", "41_50", "51_60", "61_70", "over_70"];

/// Birth-date cutoffs of the age bands on one date, computed once per question: a member is at
/// least `n` years old when born on or before the same day `n` years earlier.
pub(super) struct AgeBands([i32; 5]);

impl AgeBands {
    pub(super) fn on(at: Date) -> AgeBands {
        AgeBands([30, 41, 51, 61, 71].map(|n| at.years_before(n).days()))
    }

    pub(super) fn band(&self, birth: i32) -> usize {
        self.0.iter().map(|&cutoff| usize::from(birth <= cutoff)).sum()
    }
}

impl Counters {
    pub(super) fn add(&mut self, o: &Counters) {
        fn sum<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        sum(&mut self.kinds, &o.kinds);
        sum(&mut self.sector_orgs, &o.sector_orgs);
        sum(&mut self.sector_members, &o.sector_members);
        sum(&mut self.statuses, &o.statuses);
        sum(&mut self.ages, &o.ages);
        sum(&mut self.education, &o.education);
        sum(&mut self.theory, &o.theory);
        sum(&mut self.ranks, &o.ranks);
        sum(&mut self.quota, &o.quota);
        sum(&mut self.actual, &o.actual);
        self.women += o.women;
        sum(&mut self.ethnic.0, &o.ethnic.0);
    }

    pub(super) fn add_member(&mut self, m: &Member, bands: &AgeBands, grassroots: Option<Sector>) {
        bump(&mut self.statuses, m.status.index(), 1);
        if !m.status.is_active() {
            return;
        }
        if let Some(s) = grassroots {
            bump(&mut self.sector_members, s.index(), 1);
        }
        if m.gender == Gender::Female {
            self.women += 1;
        }
        let band = bands.band(m.birth);
        bump(&mut self.ages, band, 1);
        bump(&mut self.education, m.education.index(), 1);
        bump(&mut self.theory, m.theory.index(), 1);
        if m.ethnicity != NO_ETHNICITY {
            bump(&mut self.ethnic.0, usize::from(m.ethnicity), 1);
        }
    }

    /// The figures from the counts; `ethnic` names the ethnic groups and says which is the majority.
    pub(super) fn into_figures(self, unit: UnitRef, at: Date, ethnic: (&[Box<str>], u8)) -> Figures {
        let (groups, majority) = ethnic;
        let mut by_ethnicity = BTreeMap::new();
        let mut ethnic_minority = 0;
        for (g, (n, name)) in self.ethnic.0.iter().zip(groups).enumerate() {
            if *n > 0 {
                by_ethnicity.insert(name.to_string(), *n);
                if g != usize::from(majority) {
                    ethnic_minority += n;
                }
            }
        }
        let nonzero = |codes: &[&'static str], counts: &[u64]| -> BTreeMap<&'static str, u64> {
            codes.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(c, n)| (*c, *n)).collect()
        };
        let kind_codes: Vec<&str> = UnitKind::ALL.iter().map(|k| k.code()).collect();
        let mut grassroots_by_sector = BTreeMap::new();
        for s in Sector::ALL {
            let (o, m) = (count(&self.sector_orgs, s.index()), count(&self.sector_members, s.index()));
            if o > 0 || m > 0 {
                grassroots_by_sector.insert(s.code(), SectorFigures { organizations: o, members: m });
            }
        }
        let st = |s: MemberStatus| count(&self.statuses, s.index());
        let official = st(MemberStatus::Official);
        let probationary = st(MemberStatus::Probationary);
        let total = official + probationary;
        let mut by_category = BTreeMap::new();
        for c in StaffCategory::ALL {
            let (q, a) = (count(&self.quota, c.index()), count(&self.actual, c.index()));
            if q > 0 || a > 0 {
                by_category.insert(c.code(), QuotaActual { quota: q, actual: a });
            }
        }
        let unclassified = count(&self.actual, UNCLASSIFIED);
        if unclassified > 0 {
            by_category.insert(UNCLASSIFIED_CODE, QuotaActual { quota: 0, actual: unclassified });
        }
        Figures {
            unit,
            at,
            units_by_kind: nonzero(&kind_codes, &self.kinds),
            grassroots_by_sector,
            members: MemberFigures {
                total,
                official,
                probationary,
                women: self.women,
                men: total - self.women,
                removed: st(MemberStatus::Removed),
                expelled: st(MemberStatus::Expelled),
                deceased: st(MemberStatus::Deceased),
                transferred_out: st(MemberStatus::TransferredOut),
                in_transit: st(MemberStatus::InTransit),
                resigned: st(MemberStatus::Resigned),
                by_age_band: nonzero(&AGE_BANDS, &self.ages),
                by_education: nonzero(&Education::ALL.iter().map(|e| e.code()).collect::<Vec<_>>(), &self.education),
                by_theory: nonzero(&Theory::ALL.iter().map(|e| e.code()).collect::<Vec<_>>(), &self.theory),
                ethnic_minority,
                by_ethnicity,
            },
            positions_by_rank: nonzero(&Rank::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(), &self.ranks),
            staffing: Staffing {
                year: at.year(),
                quota: self.quota.iter().sum(),
                actual: self.actual.iter().sum(),
                by_category,
            },
        }
    }
}
