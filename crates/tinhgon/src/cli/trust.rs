//! `tinhgon verify`, `checkpoint`, `key`, `backup`, `restore`, `migrate` and `dump`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use tinhgon_domain::msg::Msg;

use clap::Subcommand;
use tinhgon_domain::text::format_int;

use super::{failure, open, operator, redact, Failure};
use crate::clock::Stopwatch;
use crate::services::trust::{self, copy, Progress, Signer, Signing, TrustFiles};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Tạo khóa ký mới (FILE) và khóa công khai (FILE.pub) / make a new signing key and its public key
    New { file: PathBuf },
}

/// The signing key of this process, set from `--signing-key` (or by the demo), and the signer
/// read from it once.
static SIGNING: Mutex<Option<(Signing, Option<Arc<Signer>>)>> = Mutex::new(None);

/// Sets the signing key this process's writes are signed with.
pub fn configure(signing: Option<Signing>) {
    if let Ok(mut s) = SIGNING.lock() {
        *s = signing.map(|c| (c, None));
    }
}

/// The signing key configured, if any.
pub fn configured() -> Option<Signing> {
    SIGNING.lock().ok().and_then(|s| s.as_ref().map(|(c, _)| c.clone()))
}

/// The signer of this process, read from its key file on first use.
pub fn signer() -> Result<Option<Arc<Signer>>, Failure> {
    let Ok(mut guard) = SIGNING.lock() else { return Ok(None) };
    let Some((config, loaded)) = guard.as_mut() else { return Ok(None) };
    if let Some(s) = loaded {
        return Ok(Some(Arc::clone(s)));
    }
    let s = config.load().map_err(|e| {
        let (vi, en) = e.messages();
        let (vi, en) = crate::i18n::both_each("cli-signing-key-unusable", &[("why", vi)], &[("why", en)]);
        Failure::new(vi, en)
    })?;
    *loaded = Some(Arc::clone(&s));
    Ok(Some(s))
}

pub fn key(cmd: KeyCommand) -> Result<ExitCode, Failure> {
    let KeyCommand::New { file } = cmd;
    let public = trust::new_key(&file).map_err(failure)?;
    println!(
        "Đã tạo khóa ký {0} (chỉ chủ tệp đọc được; giữ ngoài máy chứa cơ sở dữ liệu nếu có thể) và khóa công khai {1}.\n\
         Made the signing key {0} (readable by its owner only; keep it off the database's machine if you can) and the public key {1}.\n\
         Dùng / use: tinhgon --signing-key {0} serve;  tinhgon verify --public-key {1} --checkpoints {2}",
        file.display(),
        public.display(),
        trust::default_file(&file).display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn verify(
    db: &str,
    checkpoints: Option<PathBuf>,
    public_key: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode, Failure> {
    // With a signing key configured, its public half and its file are trusted unless others are named.
    let signing = configured();
    let files = TrustFiles {
        public_key: public_key.or_else(|| signing.as_ref().map(|s| trust::public_path(&s.key))),
        checkpoints: checkpoints.or_else(|| signing.as_ref().map(|s| s.checkpoints.clone())),
    };
    let mut store = super::open_unsigned(db)?;
    let report = trust::verify(&mut store, &operator(), &files).map_err(failure)?;
    if json {
        let rendered = |list: &[crate::services::trust::Finding]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|f| {
                    let (vi, en) = crate::i18n::said(&f.msg);
                    serde_json::json!({ "what": f.what, "vi": vi, "en": en })
                })
                .collect()
        };
        let mut out = serde_json::to_value(&report).unwrap_or_default();
        out["findings"] = rendered(&report.findings).into();
        out["notes"] = rendered(&report.notes).into();
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else if report.ok() {
        println!(
            "Toàn vẹn: {} mục nhật ký nối liền, {} điểm kiểm tra (ký đến mục {}), {} đơn vị, không có lỗi.\n\
             Intact: {} change-log entries chained, {} checkpoints (signed to entry {}), {} units, no problems.",
            format_int(report.log_entries),
            format_int(report.checkpoints as i64),
            format_int(report.signed_to),
            format_int(report.units as i64),
            report.log_entries,
            report.checkpoints,
            report.signed_to,
            report.units
        );
    } else {
        println!("Phát hiện {} lỗi / {} problems found:", report.findings.len(), report.findings.len());
        for f in &report.findings {
            let (vi, en) = crate::i18n::said(&f.msg);
            println!("- [{}] {vi}\n  {en}", f.what);
        }
    }
    if !json {
        for n in &report.notes {
            let (vi, en) = crate::i18n::said(&n.msg);
            println!("Lưu ý / note: {vi}\n  {en}");
        }
        if files.public_key.is_none() && files.checkpoints.is_none() {
            println!(
                "(Chỉ kiểm tra trong cơ sở dữ liệu; thêm --public-key và --checkpoints để phát hiện nhật ký bị cắt hoặc viết lại.)\n\
                 (Checked within the database only; add --public-key and --checkpoints to find a shortened or rewritten log.)"
            );
        }
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn checkpoint(db: &str) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match trust::checkpoint(&mut store, &operator()).map_err(failure)? {
        Some(c) => {
            let file = store.signer().map(|s| s.file().display().to_string()).unwrap_or_default();
            println!(
                "Đã ký điểm kiểm tra số {0}: nhật ký đến mục {1}, ghi vào {2}.\nSigned checkpoint {0}: the change log to entry {1}, appended to {2}.",
                c.id, c.seq, file
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Failure::said(Msg::new("cli-trust-no-signing-key-give-signing"))),
    }
}

/// Prints a copy's progress: each table as it finishes, and every few seconds within a large one.
fn progress() -> impl FnMut(Progress<'_>) {
    let mut last = Stopwatch::start();
    move |p: Progress<'_>| {
        let finished = p.done == p.total;
        if (finished && p.total > 0) || last.elapsed().as_secs() >= 3 {
            eprintln!("  {:<18} {:>12} / {}", p.table, format_int(p.done as i64), format_int(p.total as i64));
            last = Stopwatch::start();
        }
    }
}

fn summary(copied: &[(&str, u64)], watch: &Stopwatch) -> String {
    let rows: u64 = copied.iter().map(|(_, n)| n).sum();
    format!(
        "{} bảng, {} dòng, {:.1} giây / {} tables, {} rows, {:.1} s",
        copied.len(),
        format_int(rows as i64),
        watch.elapsed().as_secs_f64(),
        copied.len(),
        rows,
        watch.elapsed().as_secs_f64()
    )
}

pub fn backup(db: &str, file: &Path) -> Result<ExitCode, Failure> {
    let mut store = super::open_unsigned(db)?;
    let watch = Stopwatch::start();
    eprintln!("Đang sao lưu {} vào {} … / backing up …", redact(db), file.display());
    let copied = copy::backup(&mut store, &operator(), file, &mut progress()).map_err(failure)?;
    println!("Đã sao lưu vào {} / backed up to {}: {}", file.display(), file.display(), summary(&copied, &watch));
    Ok(ExitCode::SUCCESS)
}

pub fn restore(file: &Path, db: &str) -> Result<ExitCode, Failure> {
    let from = format!("sqlite://{}", file.display());
    let watch = Stopwatch::start();
    eprintln!("Đang khôi phục {} vào {} … / restoring …", file.display(), redact(db));
    let copied = copy::migrate(&operator(), &from, db, &mut progress()).map_err(failure)?;
    println!("Đã khôi phục vào {} / restored into {}: {}", redact(db), redact(db), summary(&copied, &watch));
    Ok(ExitCode::SUCCESS)
}

pub fn migrate(from: &str, to: &str) -> Result<ExitCode, Failure> {
    let watch = Stopwatch::start();
    eprintln!("Đang chuyển {} sang {} … / moving …", redact(from), redact(to));
    let copied = copy::migrate(&operator(), from, to, &mut progress()).map_err(failure)?;
    println!("Đã chuyển sang {} / moved to {}: {}", redact(to), redact(to), summary(&copied, &watch));
    Ok(ExitCode::SUCCESS)
}

pub fn dump(db: &str, dir: &Path) -> Result<ExitCode, Failure> {
    let mut store = super::open_unsigned(db)?;
    let digest = copy::dump(&mut store, &operator(), dir).map_err(failure)?;
    println!("{digest}");
    eprintln!(
        "Mọi bảng đã ghi vào {0}; mã băm trên là của toàn bộ. / every table written to {0}; the hash above is of them all.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
