//! `tinhgon bench`: generates and loads a demo register, then measures what DESIGN.md sets targets
//! for — load time, statistics at the national root and at a province, name search, memory — and
//! prints the figures as Markdown rows for BENCHMARKS.md.

mod client;
pub mod fuzz;
pub mod import;
pub mod load;

use std::time::Duration;

use tinhgon_domain::stats::Index;
use tinhgon_domain::text::PersonName;
use tinhgon_domain::{Date, UnitCode};
use tinhgon_store::{BulkLoader, Refresh, Store};

use crate::clock::{now_iso, Stopwatch};
use crate::demo::rng::Rng;
use crate::demo::{self, names, Scale};
use crate::services::{register::people as persons, Ctx};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The resident memory of this process, from /proc (Linux).
fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn timed<T>(samples: &mut Vec<Duration>, f: impl FnOnce() -> T) -> T {
    let w = Stopwatch::start();
    let out = f();
    samples.push(w.elapsed());
    out
}

fn summary(label: &str, mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "| {label} | {} | {} | {} | {} | {} |",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.95)),
        ms(percentile(&samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default())
    )
}

/// Corrects one member's particulars `times` times and times the refresh the server makes of its
/// statistics index before the next statistics page. Writes to the benchmark's own register.
fn refresh_after_edits(store: &mut Store, mut index: Index, times: usize) -> anyhow::Result<String> {
    let code = store.read(|tx| {
        tx.query_one("SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id ORDER BY m.id LIMIT 1", &[])?
            .text(0)
    })?;
    let mut seq = store.last_seq()?;
    let mut samples = Vec::new();
    for i in 0..times {
        let found = store.read(|tx| tinhgon_store::people::person(tx, &code))?;
        let Some(mut p) = found else { break };
        p.ethnicity = if i % 2 == 0 { "Tày" } else { "Kinh" }.into();
        let name = PersonName::parse(&p.name).map_err(|e| anyhow::anyhow!("{}", crate::i18n::vi(&e)))?;
        persons::edit(store, &Ctx::operator_as("bench", crate::clock::today(), now_iso()), &p, &name)
            .map_err(|e| anyhow::anyhow!("{}", e.messages().1))?;
        let (s, refreshed) = timed(&mut samples, || store.refresh_index(&index, seq))?;
        if let Refresh::Patched(new) = refreshed {
            index = *new;
        }
        seq = s;
    }
    Ok(summary("statistics index refreshed after one person's change", samples))
}

/// Loads the demo (unless `skip_load`) and measures; returns the report's lines.
pub fn run(db: &str, scale: Scale, seed: u64, queries: usize, skip_load: bool) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    let backend = if db.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    lines.push(format!("Backend: {backend}; scale: {scale:?}; seed {seed}; {queries} queries per measure."));
    if !skip_load {
        crate::demo::load::erase(db)?;
        let mut store = Store::open(db)?;
        let w = Stopwatch::start();
        store.bulk_mode(true)?;
        let sum = store.write("bench", &now_iso(), |wr| -> anyhow::Result<_> {
            let mut loader = BulkLoader::new(wr)?;
            let sum = loader.load(|rows| demo::generate(rows, scale, seed, &mut |line| eprintln!("  {line}")))?;
            loader.finish("bench")?;
            Ok(sum)
        })?;
        store.bulk_mode(false)?;
        lines.push(format!(
            "Generate and load: {:.1} s for {} units, {} people, {} membership periods, {} positions, {} quotas.",
            w.elapsed().as_secs_f64(),
            sum.units,
            sum.people,
            sum.memberships,
            sum.assignments,
            sum.quotas
        ));
    }
    let mut store = Store::open(db)?;
    let rss_before = rss_mib();
    let w = Stopwatch::start();
    let index = store.load_index()?;
    lines.push(format!(
        "Statistics index: loaded in {:.1} s ({} units, {} membership rows); process memory {} MiB before, {} MiB after.",
        w.elapsed().as_secs_f64(),
        index.unit_count(),
        index.member_rows(),
        rss_before.map_or("?".into(), |m| format!("{m:.0}")),
        rss_mib().map_or("?".into(), |m| format!("{m:.0}")),
    ));
    let mut rng = Rng::new(seed, "bench");
    let first = demo::start().days();
    let last = demo::end().days();
    let date =
        |rng: &mut Rng| Date::from_days(rng.range(i64::from(first), i64::from(last)) as i32).unwrap_or(demo::end());
    let root = UnitCode::parse("VN")?;
    let provinces: Vec<UnitCode> = crate::demo::territory::provinces()?
        .into_iter()
        .filter(|p| scale == Scale::National || p.code == demo::DEMO_PROVINCE)
        .filter_map(|p| UnitCode::parse(&p.code).ok())
        .collect();
    let fail = |e: tinhgon_domain::stats::StatsError| anyhow::anyhow!("{}", crate::i18n::vi(&e));

    lines.push(String::new());
    lines.push("| measure | n | p50 | p95 | p99 | max |".into());
    lines.push("|---|---|---|---|---|---|".into());
    let mut samples = Vec::new();
    for _ in 0..queries {
        let d = date(&mut rng);
        timed(&mut samples, || index.figures_counted(&root, d)).map_err(fail)?;
    }
    lines.push(summary("stats, national root (VN), random date 2015–2026", samples));
    let mut samples = Vec::new();
    for _ in 0..queries {
        let (a, b) = (date(&mut rng), date(&mut rng));
        timed(&mut samples, || index.compare(&root, a, b)).map_err(fail)?;
    }
    lines.push(summary("stats, national root, two dates compared", samples));
    let mut samples = Vec::new();
    for i in 0..queries {
        let Some(p) = provinces.get(i % provinces.len().max(1)) else { break };
        let d = date(&mut rng);
        timed(&mut samples, || index.figures_counted(p, d)).map_err(fail)?;
    }
    lines.push(summary("stats, a province, random date", samples));
    let mut samples = Vec::new();
    let today = demo::end();
    for i in 0..queries {
        let Some(p) = provinces.get(i % provinces.len().max(1)) else { break };
        timed(&mut samples, || index.figures_counted(p, today)).map_err(fail)?;
    }
    lines.push(summary("stats, a province, one date (the tree of that date cached)", samples));
    let mut samples = Vec::new();
    for i in 0..queries {
        let Some(p) = provinces.get(i % provinces.len().max(1)) else { break };
        timed(&mut samples, || index.figures(p, today)).map_err(fail)?;
    }
    lines.push(summary("stats, a province, one date asked again (the answer remembered)", samples));
    let mut samples = Vec::new();
    let mut found = 0usize;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for q in names::sample_queries(&mut rng, queries) {
        let hits = timed(&mut samples, || store.read(|tx| tinhgon_store::people::search(tx, &q, 20, 0)))?;
        found += usize::from(!hits.is_empty());
        slowest.push((samples.last().copied().unwrap_or_default(), q));
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    lines.push(summary("name search without diacritics, first 20 in Vietnamese order", samples));
    lines.push(refresh_after_edits(&mut store, index, 10)?);
    lines.push(String::new());
    let slow: Vec<String> = slowest.iter().take(5).map(|(d, q)| format!("'{q}' {}", ms(*d))).collect();
    lines.push(format!("Slowest searches: {}.", slow.join(", ")));
    lines.push(format!(
        "{found} of {queries} searches found someone. Process memory at the end: {} MiB.",
        rss_mib().map_or("?".into(), |m| format!("{m:.0}"))
    ));
    Ok(lines)
}
