//! Parsers that never panic: arbitrary bytes and near-valid inputs (valid samples with a few bytes
//! flipped, dropped, doubled or replaced by the characters parsers trip on) fed to every reader of
//! outside input — the CSV and XLSX readers, the plan-file parsers, the date, unit-code,
//! document-number, name, month and education parsers. Each input must be accepted or refused
//! with a message in both languages; a panic is a failure, reported with the input that caused it.
//! The tests run a few thousand inputs; `tinhgon bench --parsers N` runs millions.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tinhgon_domain::catalog::UnitKind;
use tinhgon_domain::party::admission::parse_general_education;
use tinhgon_domain::party::dues::Month;
use tinhgon_domain::text::PersonName;
use tinhgon_domain::{Date, DocumentNumber, UnitCode};

use crate::demo::rng::Rng;
use crate::files;
use crate::services::plans::files::{derive_from_mapping, parse_ops};
use crate::services::register::rows::RowError;

/// What a run found.
#[derive(Debug, Default)]
pub struct FuzzReport {
    pub inputs: u64,
    pub accepted: u64,
    pub refused: u64,
    /// Inputs that made a parser panic, or refusals without a message: (target, input, what).
    pub failures: Vec<(&'static str, Vec<u8>, String)>,
}

/// Valid samples the near-valid inputs are made from, per target.
const DATES: &[&str] = &["01/07/2025", "2025-07-01", "29/02/2024", "31/12/1999", "1/1/2000"];
const CODES: &[&str] = &["42", "42.DUK", "42.DUK.G900", "01.0001", "79.HCM.Q1"];
const DOCUMENTS: &[&str] = &["06-CTr/HU", "1024-QĐ/ĐUK", "15-QĐ/ĐU", "39-NQ/TW", "12-QĐ/TU"];
const NAMES: &[&str] = &["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Đức", "Phạm Ngọc Thạch"];
const MONTHS: &[&str] = &["01/2026", "12/2025", "2026-03"];
const EDUCATION: &[&str] = &["12/12", "9/12", "7/10"];
const UNITS_CSV: &str = "code,name,kind,parent,valid_from\n42.X,Chi bộ X,party_cell,42,01/01/2020\n42.Y;\"Chi, bộ\",party_cell,42.X,2020-01-01\n";
const OPS_CSV: &str = "op,unit,target,name,kind,parent,share\nsap_nhap,42.A,42.B,,,,\nthanh_lap,42.N,,Xã mới,commune,42,\nchia_tach,42.C,42.D,,,,50%\nchia_tach,42.C,42.E,,,,rest\n";
const MAPPING_CSV: &str = "old_code,new_code,new_name,new_kind,new_parent,share\n42.A,42.N,Xã N,commune,42,\n42.B,42.N,,,,\n42.C,42.P,,,,33.33%\n42.C,42.Q,,,,rest\n";

/// The bytes parsers trip on: separators, quotes, line ends, NUL, invalid and multi-byte UTF-8.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b",",
    b";",
    b"\n",
    b"\r",
    b"\r\n",
    b"\0",
    b"\xFF",
    b"\xC3",
    b"/",
    b"-",
    b".",
    b" ",
    b"%",
    b"0",
    b"9",
    b"99999999999999999999",
    "Đ".as_bytes(),
    "ạ".as_bytes(),
    "\u{202E}".as_bytes(),
    "\u{FEFF}".as_bytes(),
    b"PK\x03\x04",
];

fn pick<'a, T>(rng: &mut Rng, from: &'a [T]) -> Option<&'a T> {
    from.get(rng.below(from.len() as u64) as usize)
}

/// Arbitrary bytes, or a valid sample with one to four mutations.
fn input(rng: &mut Rng, samples: &[&[u8]]) -> Vec<u8> {
    if rng.below(4) == 0 {
        let n = rng.below(96) as usize;
        return (0..n).map(|_| rng.below(256) as u8).collect();
    }
    let mut b = pick(rng, samples).map(|s| s.to_vec()).unwrap_or_default();
    for _ in 0..=rng.below(4) {
        let at = if b.is_empty() { 0 } else { rng.below(b.len() as u64 + 1) as usize };
        match rng.below(6) {
            0 if at < b.len() => {
                b.remove(at);
            }
            1 if at < b.len() => {
                if let Some(x) = b.get_mut(at) {
                    *x ^= 1 << rng.below(8);
                }
            }
            2 => {
                let piece = pick(rng, INTERESTING).copied().unwrap_or_default();
                b.splice(at..at, piece.iter().copied());
            }
            3 if !b.is_empty() => {
                let end = (at + 1 + rng.below(16) as usize).min(b.len());
                let start = at.min(end);
                let copy: Vec<u8> = b.get(start..end).map(<[u8]>::to_vec).unwrap_or_default();
                b.splice(start..start, copy);
            }
            4 => b.truncate(at),
            _ => {
                let piece = pick(rng, INTERESTING).copied().unwrap_or_default();
                let end = (at + piece.len()).min(b.len());
                b.splice(at..end, piece.iter().copied());
            }
        }
    }
    b
}

/// Whether an error message, in both languages, says something.
fn said(vi: &str, en: &str) -> bool {
    !vi.trim().is_empty() && !en.trim().is_empty()
}

fn rows_said(errors: &[RowError]) -> bool {
    errors.iter().all(|e| e.line > 0 && !e.column.is_empty() && said(&e.vi, &e.en))
}

/// Runs one target on one input: `Ok(true)` accepted, `Ok(false)` refused with a message,
/// `Err` a refusal without one.
type Target = fn(&[u8]) -> Result<bool, String>;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn date(b: &[u8]) -> Result<bool, String> {
    match Date::parse(&text(b)) {
        Ok(_) => Ok(true),
        Err(e) if said(&crate::i18n::vi(&e), &e.to_string()) => Ok(false),
        Err(e) => Err(format!("silent refusal: {e:?}")),
    }
}

fn unit_code(b: &[u8]) -> Result<bool, String> {
    match UnitCode::parse(&text(b)) {
        Ok(_) => Ok(true),
        Err(e) if said(&crate::i18n::vi(&e), &e.to_string()) => Ok(false),
        Err(e) => Err(format!("silent refusal: {e:?}")),
    }
}

fn document(b: &[u8]) -> Result<bool, String> {
    match DocumentNumber::parse(&text(b)) {
        Ok(_) => Ok(true),
        Err(e) if said(&crate::i18n::vi(&e), &e.to_string()) => Ok(false),
        Err(e) => Err(format!("silent refusal: {e:?}")),
    }
}

fn name(b: &[u8]) -> Result<bool, String> {
    match PersonName::parse(&text(b)) {
        Ok(_) => Ok(true),
        Err(e) if said(&crate::i18n::vi(&e), &e.to_string()) => Ok(false),
        Err(e) => Err(format!("silent refusal: {e:?}")),
    }
}

fn small_parsers(b: &[u8]) -> Result<bool, String> {
    let t = text(b);
    let kind = UnitKind::parse(&t).is_ok();
    Ok(Month::parse(&t).is_some() | parse_general_education(&t).is_some() | kind)
}

/// A table file (CSV, or XLSX when it is a zip), then both plan-file parsers on what it reads.
fn table(b: &[u8]) -> Result<bool, String> {
    let t = match files::read_bytes(b.to_vec()) {
        Ok(t) => t,
        Err(e) if said(&e.vi(), &e.en()) => return Ok(false),
        Err(e) => return Err(format!("silent refusal: {e:?}")),
    };
    let mut errors = Vec::new();
    let ops = parse_ops(&t, &mut errors);
    let mut mapped = Vec::new();
    let from_mapping = derive_from_mapping(&t, &mut mapped, &|_| None);
    if !rows_said(&errors) || !rows_said(&mapped) {
        return Err("a row refused without line, column or message".into());
    }
    Ok(errors.is_empty() && !ops.is_empty() || mapped.is_empty() && !from_mapping.is_empty())
}

/// A valid XLSX workbook to mutate.
fn workbook() -> Vec<u8> {
    let rows = vec![vec!["42.X".to_string(), "Chi bộ X".into(), "party_cell".into(), "42".into(), "01/01/2020".into()]];
    files::xlsx_bytes(&["code", "name", "kind", "parent", "valid_from"], &rows).unwrap_or_default()
}

/// Feeds `n` inputs, spread over the targets, from `seed`; `progress` is told every 100,000.
pub fn run(n: u64, seed: u64, progress: &mut dyn FnMut(u64)) -> FuzzReport {
    let xlsx = workbook();
    let as_bytes = |v: &[&'static str]| v.iter().map(|s| s.as_bytes()).collect::<Vec<&[u8]>>();
    let (dates, codes, documents, names) = (as_bytes(DATES), as_bytes(CODES), as_bytes(DOCUMENTS), as_bytes(NAMES));
    let small: Vec<&[u8]> = MONTHS.iter().chain(EDUCATION).map(|s| s.as_bytes()).collect();
    let tables: Vec<&[u8]> = vec![UNITS_CSV.as_bytes(), OPS_CSV.as_bytes(), MAPPING_CSV.as_bytes(), &xlsx];
    let targets: [(&'static str, Target, &[&[u8]]); 6] = [
        ("date", date, &dates),
        ("unit code", unit_code, &codes),
        ("document number", document, &documents),
        ("person name", name, &names),
        ("month, education, code list", small_parsers, &small),
        ("CSV/XLSX and plan files", table, &tables),
    ];
    run_targets(n, seed, &targets, progress)
}

/// [`run`] over the given targets, each with its valid samples.
fn run_targets(
    n: u64,
    seed: u64,
    targets: &[(&'static str, Target, &[&[u8]])],
    progress: &mut dyn FnMut(u64),
) -> FuzzReport {
    let mut rng = Rng::new(seed, "parsers");
    let mut report = FuzzReport::default();
    // The default hook would print every caught panic; the report lists them instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..n {
        let Some((label, target, samples)) = pick(&mut rng, targets) else { continue };
        let bytes = input(&mut rng, samples);
        report.inputs += 1;
        match catch_unwind(AssertUnwindSafe(|| target(&bytes))) {
            Ok(Ok(true)) => report.accepted += 1,
            Ok(Ok(false)) => report.refused += 1,
            Ok(Err(what)) => report.failures.push((label, bytes, what)),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                report.failures.push((label, bytes, format!("panic: {what}")));
            }
        }
        if (i + 1) % 100_000 == 0 {
            progress(i + 1);
        }
    }
    std::panic::set_hook(hook);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_parser_panics_or_refuses_silently_on_arbitrary_and_near_valid_input() {
        let report = run(40_000, 2026, &mut |_| {});
        let shown: Vec<String> = report
            .failures
            .iter()
            .take(10)
            .map(|(t, b, w)| format!("{t}: {w} on {:?}", String::from_utf8_lossy(b)))
            .collect();
        assert!(report.failures.is_empty(), "{} failures, first: {shown:#?}", report.failures.len());
        assert_eq!(report.inputs, 40_000);
        // Near-valid inputs are both accepted and refused: the mutations reach past the first check.
        assert!(report.accepted > 2_000 && report.refused > 2_000, "{report:?}");
    }

    #[test]
    fn a_panicking_parser_is_reported_with_the_input_that_made_it_panic() {
        fn boom(b: &[u8]) -> Result<bool, String> {
            if b.contains(&b'"') {
                #[allow(clippy::panic)]
                {
                    panic!("a quote")
                }
            }
            Ok(true)
        }
        let samples: &[&[u8]] = &[b"42,abc"];
        let report = run_targets(2_000, 1, &[("boom", boom, samples)], &mut |_| {});
        assert!(!report.failures.is_empty(), "{report:?}");
        for (target, input, what) in &report.failures {
            assert_eq!((*target, what.as_str()), ("boom", "panic: a quote"));
            assert!(input.contains(&b'"'), "{input:?}");
        }
        assert_eq!(report.accepted + report.failures.len() as u64, 2_000);
    }
}
