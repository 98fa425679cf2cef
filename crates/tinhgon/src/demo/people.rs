//! The people of a populated province: members of every cell with their history, the officers of
//! cells and committees, and the staff of the state bodies.

use super::*;

/// Draws a date uniformly in `[lo, hi]`.
pub(super) fn date_between(rng: &mut Rng, lo: Date, hi: Date) -> Date {
    lo.add_days(rng.range(0, i64::from((hi.days() - lo.days()).max(0))) as i32)
}

/// Members for every cell, by weight, with their history; then the cells' and committees' officers.
pub(super) fn members(g: &mut Gen<'_>, rng: &mut Rng, pp: &str, shape: &Shape) -> anyhow::Result<()> {
    let total_weight: u64 = g.cells.iter().map(|c| u64::from(c.weight)).sum::<u64>().max(1);
    let n_cells = g.cells.len() as u64;
    let base_sizes: Vec<u64> = g.cells.iter().map(|c| shape.members * u64::from(c.weight) / total_weight).collect();
    let mut remainder = shape.members.saturating_sub(base_sizes.iter().sum());
    // Officers of each cell, for the committees above: (person, code, serving from).
    let mut officers: Vec<Vec<(i64, String, Date)>> = Vec::with_capacity(g.cells.len());
    for i in 0..g.cells.len() {
        let mut size = base_sizes.get(i).copied().unwrap_or(0);
        if remainder > 0 && (i as u64) < n_cells {
            size += 1;
            remainder -= 1;
        }
        let (cell_id, cell_code, cell_start, staff, titles) = match g.cells.get(i) {
            Some(c) => (c.id, c.code.clone(), c.start, c.staff, c.titles),
            None => continue,
        };
        let departed = size * 7 / 100;
        let mut active = Vec::new();
        for k in 0..size + departed {
            let leaves = k >= size;
            let (person, code, from) = member(g, rng, pp, (cell_id, &cell_code), cell_start, staff, leaves)?;
            if !leaves {
                active.push((person, code, from));
            }
        }
        // Secretary (and deputy from nine members), serving since they joined the cell.
        if let Some((p, code, from)) = active.first().cloned() {
            g.assign(
                (p, &code),
                (cell_id, &cell_code),
                titles.0,
                Rank::Head,
                false,
                Validity::open(from.max(cell_start)),
            )?;
        }
        if active.len() >= 9 {
            if let Some((p, code, from)) = active.get(1).cloned() {
                g.assign(
                    (p, &code),
                    (cell_id, &cell_code),
                    titles.1,
                    Rank::Deputy,
                    false,
                    Validity::open(from.max(cell_start)),
                )?;
            }
        }
        officers.push(active.into_iter().skip(2).take(6).collect());
    }
    let committees = std::mem::take(&mut g.committees);
    for c in &committees {
        let mut pool: Vec<(i64, String, Date)> =
            c.cells.iter().filter_map(|i| officers.get(*i)).flat_map(|o| o.iter().take(2).cloned()).collect();
        pool.truncate(3 + c.cells.len().min(8));
        for (k, (p, code, from)) in pool.iter().enumerate() {
            let (title, rank) = match k {
                0 => (c.secretary, Rank::Head),
                1 => (c.deputy, Rank::Deputy),
                _ => (c.member, Rank::Member),
            };
            let v = Validity::open((*from).max(c.start));
            g.assign((*p, code), (c.id, &c.code), title, rank, false, v)?;
            if k == 0 {
                if let Some((hid, hcode)) = &c.concurrent {
                    g.assign((*p, code), (*hid, hcode), "Chủ tịch Hội đồng nhân dân", Rank::Head, false, v)?;
                }
            }
        }
    }
    g.committees = committees;
    Ok(())
}

/// One member with their history in one cell; returns the person and the day they joined the cell.
pub(super) fn member(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    pp: &str,
    cell: (i64, &UnitCode),
    cell_start: Date,
    staff: Option<StaffCategory>,
    leaves: bool,
) -> anyhow::Result<(i64, String, Date)> {
    let female = rng.chance(0.36);
    let admitted = if rng.chance(0.28) {
        date_between(rng, start(), g.end.add_days(-60))
    } else {
        let u = rng.unit();
        let year = 2014 - (46.0 * u * u) as i32;
        date_between(rng, day(year, 1, 1), day(year, 12, 28))
    };
    let u = rng.unit();
    let age_at_admission = 18 + (22.0 * u * u) as i32;
    let birth = admitted.add_days(-(age_at_admission * 365 + rng.range(0, 364) as i32));
    let recognized = Some(admitted.add_days(365)).filter(|r| *r <= g.end);
    let from = admitted.max(cell_start);
    let leave = if leaves && from.add_days(30) < g.end {
        Some(date_between(rng, from.add_days(30).max(start()), g.end))
    } else {
        None
    };
    let cat = staff.filter(|_| leave.is_none());
    let (person, code) = g.person(rng, pp, female, birth, cat)?;
    if let Some(c) = cat {
        g.pool.entry(c).or_default().push((person, code.clone()));
    }
    let row = |status: MemberStatus, v: Validity, g: &mut Gen<'_>| -> anyhow::Result<()> {
        let m = Membership {
            person: code.clone(),
            unit: cell.1.clone(),
            status,
            admitted_on: admitted,
            recognized_on: recognized.filter(|r| *r <= v.from || status == MemberStatus::Official),
            validity: v,
            decision: None,
        };
        g.l.membership(person, cell.0, &m)?;
        g.sum.memberships += 1;
        Ok(())
    };
    let stop = leave;
    match recognized {
        Some(r) if r > from && stop.is_none_or(|s| r < s) => {
            row(MemberStatus::Probationary, Validity { from, to: Some(r) }, g)?;
            row(MemberStatus::Official, Validity { from: r, to: stop }, g)?;
        }
        Some(r) if r <= from => row(MemberStatus::Official, Validity { from, to: stop }, g)?,
        _ => row(MemberStatus::Probationary, Validity { from, to: stop }, g)?,
    }
    if let Some(s) = stop {
        let was_official = recognized.is_some_and(|r| r < s);
        let status = if !was_official {
            MemberStatus::Removed
        } else {
            *rng.weighted(&[
                (MemberStatus::Deceased, 55),
                (MemberStatus::Removed, 30),
                (MemberStatus::TransferredOut, 12),
                (MemberStatus::Expelled, 3),
            ])
            .unwrap_or(&MemberStatus::Deceased)
        };
        row(status, Validity::open(s), g)?;
    }
    Ok((person, code, from))
}

/// Staff, officers and quotas of the state units; staff of merged departments move on 01/03/2025.
pub(super) fn staff(
    g: &mut Gen<'_>,
    rng: &mut Rng,
    pp: &str,
    kept: &[UnitCode],
    ended: &[UnitCode],
) -> anyhow::Result<()> {
    let specs = std::mem::take(&mut g.staffed);
    let mut movers: Vec<(i64, String)> = Vec::new();
    for s in &specs {
        let last_year = s.to.map_or(g.end.year(), |t| t.year());
        for year in s.from.year().max(start().year())..=last_year {
            let shrink = 1.0 - 0.015 * f64::from(year - start().year());
            let q = Quota {
                unit: s.code.clone(),
                year,
                category: s.category,
                quota: (f64::from(s.base) * shrink).round().max(1.0) as u32,
                decision: None,
            };
            g.l.quota(s.id, &q)?;
            g.sum.quotas += 1;
        }
        let now = (f64::from(s.base) * (1.0 - 0.015 * 11.0) * (0.85 + 0.15 * rng.unit())).round().max(1.0) as i64;
        let retired = (f64::from(s.base) * 0.12).round() as i64;
        for k in 0..now + retired {
            let from_pool = g.pool.get_mut(&s.category).and_then(Vec::pop);
            let (pid, code) = match from_pool {
                Some(p) => p,
                None => {
                    let female = rng.chance(0.45);
                    let birth = date_between(rng, day(1965, 1, 1), day(1998, 12, 31));
                    g.person(rng, pp, female, birth, Some(s.category))?
                }
            };
            // Most of today's staff were there from the start; one in five was hired later. Those
            // who left (retired or moved) were there from the start too.
            let hired_later = k >= 3 && k < now && rng.chance(0.2);
            let since =
                if hired_later { date_between(rng, s.from, s.to.unwrap_or(g.end).add_days(-90)) } else { s.from };
            let until = if k >= now { Some(date_between(rng, since.add_days(365), day(2024, 12, 31))) } else { s.to };
            let (title, rank) = match k {
                0 => (s.head, Rank::Head),
                k if k <= s.deputies => (s.deputy, Rank::Deputy),
                _ => ("Chuyên viên", Rank::Staff),
            };
            g.assign((pid, &code), (s.id, &s.code), title, rank, true, Validity { from: since, to: until })?;
            if k < now && ended.contains(&s.code) && rng.chance(0.7) {
                movers.push((pid, code));
            }
        }
    }
    g.staffed = specs;
    // Staff of the merged departments continue in the departments that absorbed them.
    for (i, (pid, code)) in movers.into_iter().enumerate() {
        let Some(target) = kept.get(i % kept.len().max(1)) else {
            break;
        };
        let Some(tid) = g.ids.get(target.as_str()).copied() else {
            continue;
        };
        g.assign((pid, &code), (tid, target), "Chuyên viên", Rank::Staff, true, Validity::open(department_merge()))?;
    }
    Ok(())
}
