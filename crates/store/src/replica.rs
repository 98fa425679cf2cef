//! Reading from a PostgreSQL streaming replica while writing to the primary.
//!
//! Before each read the primary is asked how far its write-ahead log reaches (the insert
//! position, which every committed transaction's commit record precedes, with or without
//! synchronous commit) and the replica how far it has replayed. Only a replica at or past that
//! point answers: it then holds every write committed before the read began, through this server
//! or any other, so a caller always sees its own writes and everyone's earlier ones. A replica
//! behind, or unreachable, leaves the read to the primary.

use crate::{Conn, Store, StoreError, SCHEMA_VERSION};
use tinhgon_domain::msg::{Msg, Said};

/// A replica connection.
pub(crate) struct Replica {
    conn: Conn,
}

/// Why a database cannot be read from as this register's replica.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Only PostgreSQL registers have replicas.
    NotPostgres,
    /// The database answers but is not in recovery: not a standby.
    NotStandby,
    /// The replica's schema is another version (it has not replayed the migration, or is of
    /// another register).
    Schema { found: Option<i64>, known: i64 },
}

impl Said for Mismatch {
    fn msg(&self) -> Msg {
        match self {
            Mismatch::NotPostgres => Msg::new("replica-not-postgres"),
            Mismatch::NotStandby => Msg::new("replica-not-standby"),
            Mismatch::Schema { found: Some(found), known } => {
                Msg::new("replica-schema").text("found", found).text("known", known)
            }
            Mismatch::Schema { found: None, known } => Msg::new("replica-no-schema").text("known", known),
        }
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl Store {
    /// Reads from the streaming replica at `url` from now on, whenever it has caught up (see the
    /// module's text). The replica is never migrated: its schema must be the register's.
    pub fn attach_replica(&mut self, url: &str) -> Result<(), StoreError> {
        let pg = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !matches!(self.conn, Conn::Pg(_)) || !pg {
            return Err(StoreError::Replica(Mismatch::NotPostgres));
        }
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        if !client.query_one("SELECT pg_is_in_recovery()", &[])?.try_get::<_, bool>(0)? {
            return Err(StoreError::Replica(Mismatch::NotStandby));
        }
        let found = match client.query_opt("SELECT version FROM schema_version", &[]) {
            Ok(row) => row.map(|r| r.try_get::<_, i64>(0)).transpose()?,
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => None,
            Err(e) => return Err(e.into()),
        };
        if found != Some(SCHEMA_VERSION) {
            return Err(StoreError::Replica(Mismatch::Schema { found, known: SCHEMA_VERSION }));
        }
        self.replica = Some(Replica { conn: Conn::Pg(Box::new(client)) });
        Ok(())
    }

    /// Whether this connection still has its replica (it drops one that failed).
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }
}

/// The replica's connection when it has replayed all the primary has committed; `None` sends the
/// read to the primary. A replica that fails to answer is dropped.
pub(crate) fn ready<'r>(replica: &'r mut Option<Replica>, primary: &mut postgres::Client) -> Option<&'r mut Conn> {
    let caught_up = match replica.as_mut().map(|r| &mut r.conn) {
        Some(Conn::Pg(standby)) => caught_up(primary, standby),
        _ => return None,
    };
    match caught_up {
        Ok(true) => replica.as_mut().map(|r| &mut r.conn),
        Ok(false) => None,
        Err(_) => {
            *replica = None;
            None
        }
    }
}

fn caught_up(primary: &mut postgres::Client, standby: &mut postgres::Client) -> Result<bool, postgres::Error> {
    let head: String = primary.query_one("SELECT pg_current_wal_insert_lsn()::text", &[])?.try_get(0)?;
    // NULL (not in recovery any more: promoted) compares as not caught up.
    let row = standby.query_one("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false)", &[&head])?;
    row.try_get(0)
}
