//! `tinhgon verify`: the change-log chain and the register's invariants.

use serde::Serialize;
use std::collections::HashMap;

use tinhgon_domain::msg::{Msg, Said};
use tinhgon_domain::register::{covered, Timeline};
use tinhgon_domain::verify::Problem;
use tinhgon_domain::Validity;

use crate::checkpoints::{self, BadLine, Checkpoint};
use crate::log::{from_row, hash_of, GENESIS, SELECT};
use crate::sql::Tx;
use crate::units::spans;
use crate::StoreError;

/// One thing found wrong: what it is about, and the domain's message, which the edge renders.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub what: String,
    #[serde(skip)]
    pub msg: Msg,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct VerifyReport {
    pub log_entries: i64,
    /// The sequence number of the newest entry.
    pub head: i64,
    pub units: usize,
    /// Checkpoints in the database, and the newest entry one of them signed.
    pub checkpoints: usize,
    pub signed_to: i64,
    pub findings: Vec<Finding>,
    /// What is worth knowing but not wrong (checkpoints the file has not caught up with).
    pub notes: Vec<Finding>,
}

/// What `verify` trusts from outside the database: the public key of the signing server, and
/// the checkpoints of its file.
#[derive(Default)]
pub struct Trust {
    pub public_key: Option<ed25519_dalek::VerifyingKey>,
    pub file: Option<(Vec<Checkpoint>, Vec<BadLine>)>,
}

impl Finding {
    /// A problem about `what`, as the domain says it.
    pub fn new(what: impl Into<String>, problem: &Problem) -> Finding {
        Finding { what: what.into(), msg: problem.msg() }
    }
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// At most this many findings of one kind are listed; the count says the rest.
const MAX_LISTED: usize = 50;

pub(crate) fn run(tx: &mut Tx<'_>, trust: &Trust) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    let stored = checkpoints::all(tx, None)?;
    let from_file = trust.file.as_ref().map_or(&[][..], |(c, _)| c.as_slice());
    // The hashes of the entries some checkpoint signed, read as the chain is walked.
    let mut signed: HashMap<i64, Option<String>> = stored.iter().chain(from_file).map(|c| (c.seq, None)).collect();
    signed.insert(0, Some(GENESIS.to_string()));
    check_chain(tx, &mut report, &mut signed)?;
    check_checkpoints(&mut report, trust, &stored, &signed);
    check_tree(tx, &mut report)?;
    check_memberships(tx, &mut report)?;
    check_positions(tx, &mut report)?;
    Ok(report)
}

/// Every checkpoint, of the database and of the file, against the chain and the trusted key.
fn check_checkpoints(
    report: &mut VerifyReport,
    trust: &Trust,
    stored: &[Checkpoint],
    hashes: &HashMap<i64, Option<String>>,
) {
    let head = report.head;
    let mut problems = Vec::new();
    let mut signed_to = 0i64;
    let mut judge = |c: &Checkpoint, in_file: bool, problems: &mut Vec<Problem>| {
        let before = problems.len();
        if trust.public_key.as_ref().is_some_and(|k| !c.signed_by(k)) {
            problems.push(Problem::BadSignature { checkpoint: c.id, in_file });
        }
        match hashes.get(&c.seq) {
            _ if c.seq > head => problems.push(Problem::TruncatedTail { checkpoint: c.id, seq: c.seq, head }),
            Some(Some(h)) if *h == c.hash => {}
            _ => problems.push(Problem::RewrittenChain { checkpoint: c.id, seq: c.seq }),
        }
        if problems.len() == before {
            signed_to = signed_to.max(c.seq);
        }
    };
    for c in stored {
        judge(c, false, &mut problems);
    }
    if let Some((file, bad)) = &trust.file {
        for b in bad {
            problems.push(Problem::UnreadableCheckpoint { line: b.line, reason: b.reason.clone() });
        }
        let by_id: HashMap<i64, &Checkpoint> = stored.iter().map(|c| (c.id, c)).collect();
        for c in file {
            judge(c, true, &mut problems);
            match by_id.get(&c.id) {
                None => problems.push(Problem::CheckpointMissing { checkpoint: c.id, seq: c.seq }),
                Some(d) if *d != c => problems.push(Problem::CheckpointDiffers { checkpoint: c.id }),
                Some(_) => {}
            }
        }
        let in_file = file.iter().map(|c| c.id).max().unwrap_or(0);
        let lagging = stored.iter().filter(|c| c.id > in_file).count();
        if lagging > 0 {
            report.notes.push(Finding::new("checkpoints", &Problem::CheckpointsLagging { n: lagging }));
        }
    }
    // With a key or a file to trust, the operator says the register is signed: entries after the
    // newest good checkpoint are covered by no signature.
    if (trust.public_key.is_some() || trust.file.is_some()) && head > signed_to {
        problems.push(Problem::Unsigned { from: signed_to + 1, to: head });
    }
    report.checkpoints = stored.len();
    report.signed_to = signed_to;
    let more = problems.len().saturating_sub(MAX_LISTED);
    for p in problems.into_iter().take(MAX_LISTED) {
        report.findings.push(Finding::new("checkpoint", &p));
    }
    if more > 0 {
        report.findings.push(Finding::new("checkpoint", &Problem::MoreInLog { n: more }));
    }
}

fn check_chain(
    tx: &mut Tx<'_>,
    report: &mut VerifyReport,
    signed: &mut HashMap<i64, Option<String>>,
) -> Result<(), StoreError> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut broken = 0usize;
    tx.for_each(&format!("{SELECT} ORDER BY seq"), &[], |r| {
        let e = from_row(&r)?;
        report.log_entries += 1;
        let mut problems = Vec::new();
        if e.seq != expected_seq {
            problems.push(Problem::MissingEntry { expected: expected_seq, found: e.seq });
        }
        if e.prev_hash != prev {
            problems.push(Problem::BrokenChain { seq: e.seq });
        }
        if hash_of(&e) != e.hash {
            problems.push(Problem::AlteredEntry { seq: e.seq });
        }
        for problem in problems {
            broken += 1;
            if broken <= MAX_LISTED {
                report.findings.push(Finding::new("change_log", &problem));
            }
        }
        if let Some(h) = signed.get_mut(&e.seq) {
            *h = Some(e.hash.clone());
        }
        expected_seq = e.seq + 1;
        report.head = e.seq;
        prev = e.hash;
        Ok(())
    })?;
    if broken > MAX_LISTED {
        report.findings.push(Finding::new("change_log", &Problem::MoreInLog { n: broken - MAX_LISTED }));
    }
    // Rows must cite an entry that exists.
    for table in ["unit_version", "person", "membership", "assignment", "quota"] {
        let orphans = tx
            .query_one(
                &format!(
                    "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.seq = t.log_seq)"
                ),
                &[],
            )?
            .int(0)?;
        if orphans > 0 {
            report.findings.push(Finding::new(table, &Problem::Orphans { table: table.into(), n: orphans }));
        }
    }
    Ok(())
}

fn check_tree(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let timeline = Timeline::new(spans(tx)?);
    report.units = tx.query_one("SELECT COUNT(*) FROM unit", &[])?.int(0)? as usize;
    for (code, e) in timeline.check_all().into_iter().take(MAX_LISTED) {
        report.findings.push(Finding::new(format!("unit {code}"), &Problem::Tree(e)));
    }
    Ok(())
}

/// How many rows a `SELECT COUNT(*)` finds.
fn count(tx: &mut Tx<'_>, sql: &str) -> Result<i64, StoreError> {
    tx.query_one(sql, &[])?.int(0)
}

fn check_memberships(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let counted = [
        (
            "membership",
            "SELECT COUNT(*) FROM membership WHERE recognized_on IS NOT NULL AND recognized_on < admitted_on",
            (|n| Problem::RecognizedBeforeAdmission { n }) as fn(i64) -> Problem,
        ),
        // Two periods of one person that overlap: membership is one cell at a time.
        (
            "membership",
            "SELECT COUNT(*) FROM membership a JOIN membership b
               ON a.person_id = b.person_id AND a.id < b.id
              AND a.valid_from < COALESCE(b.valid_to, '9999-12-31')
              AND b.valid_from < COALESCE(a.valid_to, '9999-12-31')",
            |n| Problem::OverlappingMemberships { n },
        ),
        // Every person's given name must be in the list the search walks, or the search would
        // miss them.
        (
            "given_name",
            "SELECT COUNT(*) FROM person p WHERE NOT EXISTS
               (SELECT 1 FROM given_name g WHERE g.given_fold = p.given_fold)",
            |n| Problem::UnlistedGivenNames { n },
        ),
    ];
    for (what, sql, problem) in counted {
        let n = count(tx, sql)?;
        if n > 0 {
            report.findings.push(Finding::new(what, &problem(n)));
        }
    }
    let bad_interval = ["membership", "assignment", "unit_version"]
        .iter()
        .map(|t| {
            tx.query_one(
                &format!("SELECT COUNT(*) FROM {t} WHERE valid_to IS NOT NULL AND valid_to <= valid_from"),
                &[],
            )
            .and_then(|r| r.int(0))
        })
        .sum::<Result<i64, _>>()?;
    if bad_interval > 0 {
        report.findings.push(Finding::new("validity", &Problem::EmptyIntervals { n: bad_interval }));
    }
    Ok(())
}

/// A person holds one main job at a time, and a post in a party organization is held by a member.
fn check_positions(tx: &mut Tx<'_>, report: &mut VerifyReport) -> Result<(), StoreError> {
    let mut listed = 0usize;
    let mut overlapping = 0usize;
    tx.for_each(
        "SELECT p.code, ua.code, a.title, ub.code, b.title, b.valid_from
         FROM assignment a JOIN assignment b
           ON a.person_id = b.person_id AND a.id < b.id AND a.is_primary = 1 AND b.is_primary = 1
          AND a.valid_from < COALESCE(b.valid_to, '9999-12-31')
          AND b.valid_from < COALESCE(a.valid_to, '9999-12-31')
         JOIN person p ON p.id = a.person_id JOIN unit ua ON ua.id = a.unit_id JOIN unit ub ON ub.id = b.unit_id
         ORDER BY p.code",
        &[],
        |r| {
            overlapping += 1;
            if listed < MAX_LISTED {
                listed += 1;
                let (person, from) = (r.str(0).to_string(), r.date(5)?);
                let (ua, ta, ub, tb) =
                    (r.str(1).to_string(), r.str(2).to_string(), r.str(3).to_string(), r.str(4).to_string());
                let what = format!("person {person}");
                let problem = Problem::TwoMainJobs { person, from, first: (ua, ta), second: (ub, tb) };
                report.findings.push(Finding::new(what, &problem));
            }
            Ok(())
        },
    )?;
    if overlapping > listed {
        report.findings.push(Finding::new("assignment", &Problem::MoreMainJobs { n: overlapping - listed }));
    }
    // Posts above staff in party organizations (not their commissions), by person.
    let mut posts: HashMap<i64, Vec<(String, String, String, Validity)>> = HashMap::new();
    tx.for_each(
        "SELECT a.person_id, p.code, u.code, a.title, a.valid_from, a.valid_to
         FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
         JOIN unit_version v ON v.unit_id = a.unit_id AND v.valid_from <= a.valid_from
          AND (v.valid_to IS NULL OR v.valid_to > a.valid_from)
         WHERE v.kind LIKE 'party_%' AND v.kind <> 'party_commission' AND a.rank <> 'staff'",
        &[],
        |r| {
            let v = Validity { from: r.date(4)?, to: r.opt_date(5)? };
            posts.entry(r.int(0)?).or_default().push((
                r.str(1).to_string(),
                r.str(2).to_string(),
                r.str(3).to_string(),
                v,
            ));
            Ok(())
        },
    )?;
    let mut active: HashMap<i64, Vec<Validity>> = HashMap::new();
    tx.for_each(
        "SELECT person_id, valid_from, valid_to FROM membership WHERE status IN ('probationary', 'official')",
        &[],
        |r| {
            let person = r.int(0)?;
            if posts.contains_key(&person) {
                active.entry(person).or_default().push(Validity { from: r.date(1)?, to: r.opt_date(2)? });
            }
            Ok(())
        },
    )?;
    let mut bad: Vec<&(String, String, String, Validity)> = posts
        .iter()
        .flat_map(|(person, list)| {
            let periods = active.get(person).map_or(&[][..], Vec::as_slice);
            list.iter().filter(move |(_, _, _, v)| !covered(periods, v))
        })
        .collect();
    bad.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (person, unit, title, v) in bad.iter().take(MAX_LISTED) {
        let problem = Problem::PartyPostOfNonMember {
            person: person.clone(),
            unit: unit.clone(),
            title: title.clone(),
            from: v.from,
        };
        report.findings.push(Finding::new(format!("person {person}"), &problem));
    }
    if bad.len() > MAX_LISTED {
        report.findings.push(Finding::new("assignment", &Problem::MorePartyPosts { n: bad.len() - MAX_LISTED }));
    }
    Ok(())
}
