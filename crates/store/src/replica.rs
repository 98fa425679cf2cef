//! Reading from a PostgreSQL streaming replica while writing to the primary.
//!
//! Before each read the primary is asked how far its write-ahead log reaches (the insert
//! position, which every committed transaction's commit record precedes, with or without
//! synchronous commit) and the replica how far it has replayed. Only a replica at or past that
//! point answers: it then holds every write committed before the read began, through this server
//! or any other, so a caller always sees its own writes and everyone's earlier ones. A replica
//! behind, or unreachable, leaves the read to the primary.

use crate::{Conn, Store, StoreError, SCHEMA_VERSION};

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

impl Mismatch {
    /// The message for people, Vietnamese then English.
    pub fn messages(&self) -> (String, String) {
        match self {
            Mismatch::NotPostgres => (
                "Chỉ sổ đăng ký trên PostgreSQL mới đọc được từ bản sao (--read-db postgres://…).".into(),
                "Only a register on PostgreSQL can read from a replica (--read-db postgres://…).".into(),
            ),
            Mismatch::NotStandby => (
                "Cơ sở dữ liệu --read-db không phải bản sao đang nhận nhật ký (streaming replica) mà là máy chủ chính."
                    .into(),
                "The --read-db database is not a streaming replica: it is a primary.".into(),
            ),
            Mismatch::Schema { found, known } => {
                let found = found.map_or_else(|| "không có / none".to_string(), |v| v.to_string());
                (
                    format!(
                        "Bản sao --read-db có lược đồ phiên bản {found}, sổ đăng ký cần {known}: đó không phải bản sao của sổ này, hoặc chưa nhận bản nâng cấp."
                    ),
                    format!(
                        "The --read-db replica has schema version {found} where the register has {known}: it is not this register's replica, or has not replayed the upgrade yet."
                    ),
                )
            }
        }
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages().1)
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
