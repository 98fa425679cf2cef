//! Trust in the register: signed checkpoints of the change log, `verify`, and (in [`copy`])
//! backups, restores and moves between databases.

pub mod copy;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tinhgon_domain::msg::Msg;

use tinhgon_domain::access::Action;
use tinhgon_store::checkpoints;
pub use tinhgon_store::checkpoints::{default_file, public_path, Checkpoint, Signer};
pub use tinhgon_store::copy::Progress;
pub use tinhgon_store::Finding;
use tinhgon_store::{Trust, VerifyReport};

use super::{Ctx, Error, Store, StoreError};

/// Where a signing process finds its key, and where it appends its checkpoints.
#[derive(Clone, Debug)]
pub struct Signing {
    pub key: PathBuf,
    pub checkpoints: PathBuf,
}

impl Signing {
    /// The key file, with its checkpoints in `KEY.checkpoints` unless named.
    pub fn new(key: PathBuf, checkpoints: Option<PathBuf>) -> Signing {
        let checkpoints = checkpoints.unwrap_or_else(|| checkpoints::default_file(&key));
        Signing { key, checkpoints }
    }

    /// Reads the key, for every connection of the process to share.
    pub fn load(&self) -> Result<Arc<Signer>, Error> {
        Ok(Arc::new(Signer::load(&self.key, self.checkpoints.clone())?))
    }
}

/// Makes a new signing key at `path` (and its public key at `path.pub`); refuses to replace one.
pub fn new_key(path: &Path) -> Result<PathBuf, Error> {
    if path.exists() {
        let p = path.display();
        return Err(Error::refused(Msg::new("trust-key-file-exists-tinhgon-never").text("p", &p)));
    }
    let file = |p: &Path, e: &dyn std::fmt::Display| {
        Error::Store(StoreError::File { path: p.display().to_string(), reason: e.to_string() })
    };
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| file(path, &format!("random source: {e}")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| file(dir, &e))?;
    }
    Ok(checkpoints::write_key_pair(path, seed)?)
}

/// What `verify` is told to trust, as files.
#[derive(Clone, Debug, Default)]
pub struct TrustFiles {
    pub public_key: Option<PathBuf>,
    pub checkpoints: Option<PathBuf>,
}

/// The change log's chain, its checkpoints (against a trusted key and file when given), and the
/// register's invariants.
pub fn verify(s: &mut Store, cx: &Ctx, files: &TrustFiles) -> Result<VerifyReport, Error> {
    cx.require(Action::Administer)?;
    let mut trust = Trust::default();
    if let Some(p) = &files.public_key {
        trust.public_key = Some(checkpoints::read_public_key(p)?);
    }
    if let Some(p) = &files.checkpoints {
        trust.file = Some(checkpoints::read_file(p)?);
    }
    Ok(s.verify_with(&trust)?)
}

/// The server's own checkpoint (at start, and at least hourly): signs the head of the change log
/// as the operator of the machine; `None` when the server has no signing key.
pub fn sign_now(s: &mut Store, now: &str) -> Result<Option<Checkpoint>, Error> {
    checkpoint(s, &Ctx::operator_as("server", tinhgon_domain::Date::EPOCH, now.to_string()))
}

/// Signs the head of the change log now; `None` when this process has no signing key.
pub fn checkpoint(s: &mut Store, cx: &Ctx) -> Result<Option<Checkpoint>, Error> {
    cx.require(Action::Administer)?;
    Ok(s.checkpoint(&cx.now)?)
}
