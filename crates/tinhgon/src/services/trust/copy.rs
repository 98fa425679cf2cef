//! `backup`, `restore`, `migrate` and `dump`: a whole register copied as of one moment, and the
//! canonical text of every table that proves two copies identical.

use std::io::Write;
use std::path::Path;
use tinhgon_domain::msg::Msg;

use sha2::{Digest, Sha256};
use tinhgon_domain::access::Action;
use tinhgon_store::copy::{self, Progress};

use super::super::{Ctx, Error, Store, StoreError};

/// Rows copied per table.
pub type Copied = Vec<(&'static str, u64)>;

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Store(StoreError::File { path: path.display().to_string(), reason: e.to_string() })
}

/// Copies the register into a new SQLite file, while writers go on; a failed backup leaves no
/// file behind.
pub fn backup(s: &mut Store, cx: &Ctx, file: &Path, progress: &mut dyn FnMut(Progress<'_>)) -> Result<Copied, Error> {
    cx.require(Action::Administer)?;
    if file.exists() {
        let f = file.display();
        return Err(Error::refused(Msg::new("copy-exists-choose-another-name-backup").text("f", &f)));
    }
    let url = format!("sqlite://{}", file.display());
    let result = Store::open(&url).map_err(Error::from).and_then(|mut to| Ok(s.copy_into(&mut to, progress)?));
    if result.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = file.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    result
}

/// Copies a whole register from one database to another, which must be empty: a restore from a
/// backup file, or a move between SQLite and PostgreSQL.
pub fn migrate(cx: &Ctx, from: &str, to: &str, progress: &mut dyn FnMut(Progress<'_>)) -> Result<Copied, Error> {
    cx.require(Action::Administer)?;
    if let Some(path) = from.strip_prefix("sqlite://") {
        if !Path::new(path).exists() {
            return Err(Error::refused(Msg::new("copy-there-no-file").text("path", path)));
        }
    }
    let mut source = Store::open(from)?;
    let mut target = Store::open(to)?;
    Ok(source.copy_into(&mut target, progress)?)
}

/// Writes every table as `TABLE.csv` into `dir` (canonical lines, see the store's `dump`) and
/// returns the SHA-256 of them all, which two identical registers share.
pub fn dump(s: &mut Store, cx: &Ctx, dir: &Path) -> Result<String, Error> {
    cx.require(Action::Administer)?;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut all = Sha256::new();
    let mut failure: Option<Error> = None;
    s.snapshot(|tx| {
        copy::dump(tx, &mut |table, header, lines| {
            if failure.is_some() {
                return;
            }
            let path = dir.join(format!("{table}.csv"));
            let written = std::fs::File::create(&path).and_then(|f| {
                let mut w = std::io::BufWriter::new(f);
                writeln!(w, "{header}")?;
                all.update(format!("{table}\n{header}\n"));
                for line in lines {
                    writeln!(w, "{line}")?;
                    all.update(line.as_bytes());
                    all.update(b"\n");
                }
                w.flush()
            });
            if let Err(e) = written {
                failure = Some(io(&path, e));
            }
        })
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(hex::encode(all.finalize())),
    }
}
