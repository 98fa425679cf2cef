//! Signed checkpoints of the change log: the head of the log (its sequence number and hash),
//! signed with an ed25519 key that is not in the database, after every write and on demand (the
//! server signs at least hourly). Each checkpoint is kept in the database and appended, one JSON
//! line, to a checkpoint file outside it, which an operator can ship elsewhere. Whoever can write
//! the database can rewrite the chain, but cannot sign: `verify` then finds a checkpoint that no
//! longer matches, one past the end of the log, or entries no signature covers.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::sql::{Tx, Value};
use crate::StoreError;

/// One signed checkpoint: the change log ended at `seq` with `hash` when it was signed at `at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub id: i64,
    pub seq: i64,
    pub hash: String,
    pub at: String,
    /// The public key that signed it (hex); `verify --public-key` says which key to trust.
    pub key: String,
    pub signature: String,
}

impl Checkpoint {
    /// The bytes signed: what the checkpoint states, in a fixed form.
    fn message(&self) -> Vec<u8> {
        message(self.id, self.seq, &self.hash, &self.at)
    }

    /// Whether the signature is that of `key` over what the checkpoint states.
    pub fn signed_by(&self, key: &VerifyingKey) -> bool {
        let Some(sig) = decode::<64>(&self.signature) else { return false };
        key.verify(&self.message(), &Signature::from_bytes(&sig)).is_ok()
    }
}

fn message(id: i64, seq: i64, hash: &str, at: &str) -> Vec<u8> {
    format!("tinhgon checkpoint v1\nid={id}\nseq={seq}\nhash={hash}\nat={at}\n").into_bytes()
}

fn decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    hex::decode(text.trim()).ok()?.try_into().ok()
}

/// Why a key or checkpoint file could not be used.
fn key_error(path: &Path, what: &str) -> StoreError {
    StoreError::File { path: path.display().to_string(), reason: what.to_string() }
}

/// Reads a public key file: 64 hexadecimal digits (the form [`Signer::public_hex`] writes).
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| key_error(path, &e.to_string()))?;
    let bytes = decode::<32>(&text).ok_or_else(|| key_error(path, "not an ed25519 public key (64 hex digits)"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| key_error(path, "not a valid ed25519 public key"))
}

/// Writes a new key pair: the secret seed to `path` (readable by its owner only) and the public
/// key to `path.pub`. Refuses to replace an existing key, whose checkpoints would then fail.
pub fn write_key_pair(path: &Path, seed: [u8; 32]) -> Result<PathBuf, StoreError> {
    let key = SigningKey::from_bytes(&seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path).map_err(|e| key_error(path, &e.to_string()))?;
    writeln!(f, "{}", hex::encode(seed)).map_err(|e| key_error(path, &e.to_string()))?;
    let public = public_path(path);
    std::fs::write(&public, format!("{}\n", hex::encode(key.verifying_key().to_bytes())))
        .map_err(|e| key_error(&public, &e.to_string()))?;
    Ok(public)
}

/// Where the public key of a key file is written.
pub fn public_path(key: &Path) -> PathBuf {
    let mut p = key.as_os_str().to_owned();
    p.push(".pub");
    PathBuf::from(p)
}

/// The checkpoint file of a key file when none is named.
pub fn default_file(key: &Path) -> PathBuf {
    let mut p = key.as_os_str().to_owned();
    p.push(".checkpoints");
    PathBuf::from(p)
}

/// The key and the file of a signing server, shared by its connections.
pub struct Signer {
    key: SigningKey,
    file: PathBuf,
    /// The id of the newest checkpoint in the file, once read.
    appended: Mutex<Option<i64>>,
}

impl Signer {
    /// Reads the secret key file (64 hexadecimal digits) and names the checkpoint file.
    pub fn load(key_file: &Path, checkpoints: PathBuf) -> Result<Signer, StoreError> {
        let text = std::fs::read_to_string(key_file).map_err(|e| key_error(key_file, &e.to_string()))?;
        let seed = decode::<32>(&text).ok_or_else(|| key_error(key_file, "not an ed25519 key file (64 hex digits)"))?;
        Ok(Signer { key: SigningKey::from_bytes(&seed), file: checkpoints, appended: Mutex::new(None) })
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Signs the head of the log as the next checkpoint, inside the caller's write transaction.
    pub(crate) fn sign(&self, tx: &mut Tx<'_>, (seq, hash): (i64, &str), at: &str) -> Result<Checkpoint, StoreError> {
        let id = tx.query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM checkpoint", &[])?.int(0)?;
        let signature = hex::encode(self.key.sign(&message(id, seq, hash, at)).to_bytes());
        let c = Checkpoint { id, seq, hash: hash.to_string(), at: at.to_string(), key: self.public_hex(), signature };
        tx.exec(
            "INSERT INTO checkpoint (id, seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                c.id.into(),
                c.seq.into(),
                c.hash.as_str().into(),
                c.at.as_str().into(),
                c.key.as_str().into(),
                c.signature.as_str().into(),
            ],
        )?;
        Ok(c)
    }

    /// Appends to the file every checkpoint of the database it does not hold yet (after a crash
    /// between a commit and its append, the next write catches up), and flushes it to disk.
    pub(crate) fn append(&self, tx: &mut Tx<'_>) -> Result<(), StoreError> {
        let Ok(mut appended) = self.appended.lock() else {
            return Err(StoreError::Corrupt("the checkpoint file's lock is poisoned".into()));
        };
        let after = match *appended {
            Some(id) => id,
            None => last_id_in_file(&self.file)?,
        };
        let newer = all(tx, Some(after))?;
        if newer.is_empty() {
            *appended = Some(after);
            return Ok(());
        }
        let mut lines = String::new();
        for c in &newer {
            lines.push_str(&serde_json::to_string(c).map_err(|e| StoreError::Corrupt(e.to_string()))?);
            lines.push('\n');
        }
        let io = |e: std::io::Error| key_error(&self.file, &e.to_string());
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&self.file).map_err(io)?;
        f.write_all(lines.as_bytes()).map_err(io)?;
        f.sync_data().map_err(io)?;
        *appended = newer.last().map(|c| c.id).or(Some(after));
        Ok(())
    }
}

/// The id of the newest checkpoint in a file (0 when there is none): read from its last line.
fn last_id_in_file(path: &Path) -> Result<i64, StoreError> {
    let io = |e: std::io::Error| key_error(path, &e.to_string());
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(e)),
    };
    let len = f.metadata().map_err(io)?.len();
    f.seek(SeekFrom::Start(len.saturating_sub(4096))).map_err(io)?;
    let mut tail = String::new();
    f.read_to_string(&mut tail).map_err(io)?;
    let last = tail.lines().rev().find_map(|l| serde_json::from_str::<Checkpoint>(l).ok());
    Ok(last.map_or(0, |c| c.id))
}

/// The checkpoints of the database, oldest first (those after `after` when given).
pub(crate) fn all(tx: &mut Tx<'_>, after: Option<i64>) -> Result<Vec<Checkpoint>, StoreError> {
    let rows = tx.query(
        "SELECT id, seq, hash, at, public_key, signature FROM checkpoint WHERE id > $1 ORDER BY id",
        &[Value::Int(after.unwrap_or(0))],
    )?;
    rows.iter().map(crate::Row::decode).collect()
}

/// One line of a checkpoint file that could not be read.
#[derive(Clone, Debug)]
pub struct BadLine {
    pub line: usize,
    pub reason: String,
}

/// Reads a checkpoint file: its checkpoints, and the lines that are not checkpoints.
pub fn read_file(path: &Path) -> Result<(Vec<Checkpoint>, Vec<BadLine>), StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| key_error(path, &e.to_string()))?;
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(c) => good.push(c),
            Err(e) => bad.push(BadLine { line: i + 1, reason: e.to_string() }),
        }
    }
    Ok((good, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_covers_every_field_it_states() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let msg = message(3, 120, "ab", "2026-12-02T10:00:00Z");
        let mut c = Checkpoint {
            id: 3,
            seq: 120,
            hash: "ab".into(),
            at: "2026-12-02T10:00:00Z".into(),
            key: hex::encode(key.verifying_key().to_bytes()),
            signature: hex::encode(key.sign(&msg).to_bytes()),
        };
        assert!(c.signed_by(&key.verifying_key()));
        assert!(!c.signed_by(&SigningKey::from_bytes(&[8; 32]).verifying_key()));
        c.seq = 119;
        assert!(!c.signed_by(&key.verifying_key()));
        c.seq = 120;
        c.hash = "ac".into();
        assert!(!c.signed_by(&key.verifying_key()));
    }
}
