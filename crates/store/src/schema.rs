//! The register's schema: the versions it has gone through, each a step that brings a database of
//! the version before up to it, run in order inside one transaction when a store opens.

use crate::{create_indexes, plans, seed_code_lists, StoreError, Tx};

/// The version a database opened by this build is brought to.
pub(crate) const SCHEMA_VERSION: i64 = 21;

/// What a step does beside running its SQL.
enum Then {
    /// Seeds the reference table of code lists.
    CodeLists,
    /// Seeds the dated rules of the first version.
    Rules,
    /// Adds the rules the step's features are judged by to those already held.
    MissingRules,
    /// Creates the secondary indexes that do not exist yet.
    Indexes,
    /// Creates the table of a record's files: `(table, key column, owner table)`.
    Files(&'static str, &'static str, &'static str),
    /// Makes the signed checkpoints append-only.
    CheckpointsAppendOnly,
}

/// A version of the schema: its SQL (one text for both databases, or one each) and what follows it.
struct Step {
    version: i64,
    sql: (&'static str, &'static str),
    then: &'static [Then],
}

const fn both(sql: &'static str) -> (&'static str, &'static str) {
    (sql, sql)
}

const STEPS: &[Step] = &[
    Step {
        version: 1,
        sql: (include_str!("../migrations/postgres.sql"), include_str!("../migrations/sqlite.sql")),
        then: &[Then::CodeLists],
    },
    Step { version: 2, sql: both(include_str!("../migrations/002-accounts.sql")), then: &[] },
    Step { version: 3, sql: both(include_str!("../migrations/003-plans.sql")), then: &[Then::Rules] },
    // The superiors that lead units and the units of quotas are indexed: a reverted plan deletes
    // the units it created, which checks both.
    Step { version: 4, sql: both(""), then: &[Then::Indexes] },
    Step { version: 5, sql: both(include_str!("../migrations/005-sessions.sql")), then: &[] },
    // Admissions, and the rules they are judged by.
    Step { version: 6, sql: both(include_str!("../migrations/006-admissions.sql")), then: &[Then::MissingRules] },
    // Transfers and the status of members between two cells (which a new register has in its
    // code lists already).
    Step { version: 7, sql: both(include_str!("../migrations/007-transfers.sql")), then: &[Then::MissingRules] },
    // Party badges, and the rules of their early consideration.
    Step { version: 8, sql: both(include_str!("../migrations/008-badges.sql")), then: &[Then::MissingRules] },
    // Party dues, and the dated rates of both regulations.
    Step { version: 9, sql: both(include_str!("../migrations/009-dues.sql")), then: &[Then::MissingRules] },
    // The grounds of leaving the party.
    Step { version: 10, sql: both(include_str!("../migrations/010-leaving.sql")), then: &[] },
    // The particulars of the member record, the citizen ID among them.
    Step { version: 11, sql: both(include_str!("../migrations/011-member-record.sql")), then: &[] },
    // The particulars that change are dated, for the statistics of past dates.
    Step { version: 12, sql: both(include_str!("../migrations/012-person-versions.sql")), then: &[] },
    // The signed checkpoints of the change log.
    Step {
        version: 13,
        sql: both(include_str!("../migrations/013-checkpoints.sql")),
        then: &[Then::CheckpointsAppendOnly],
    },
    // The name indexes widen so that a search sorts its matches on the index alone.
    Step {
        version: 14,
        sql: both("DROP INDEX IF EXISTS person_name_fold; DROP INDEX IF EXISTS person_given_name;"),
        then: &[Then::Indexes],
    },
    // The meetings of party organizations, and the rules of their frequency and quorum.
    Step {
        version: 15,
        sql: both(include_str!("../migrations/015-meetings.sql")),
        then: &[Then::Files("meeting_file", "meeting_id", "meeting"), Then::MissingRules],
    },
    // The yearly ratings, and the rules of the top grade's cap and of the best grade after a
    // discipline.
    Step { version: 16, sql: both(include_str!("../migrations/016-ratings.sql")), then: &[Then::MissingRules] },
    // The cases of inspection work and the discipline decisions.
    Step { version: 17, sql: both(include_str!("../migrations/017-cases.sql")), then: &[Then::MissingRules] },
    // The register of party documents and the congresses that bound the terms within which they
    // are numbered.
    Step {
        version: 18,
        sql: both(include_str!("../migrations/018-documents.sql")),
        then: &[Then::Files("document_file", "document_id", "party_document")],
    },
    // The tasks of programmes and plans and their roll-up method.
    Step { version: 19, sql: both(include_str!("../migrations/019-tasks.sql")), then: &[] },
    // The review campaigns and the units' reports.
    Step { version: 20, sql: both(include_str!("../migrations/020-campaigns.sql")), then: &[] },
    // A file of a document or of the minutes can be withdrawn, kept.
    Step { version: 21, sql: both(include_str!("../migrations/021-withdrawn-files.sql")), then: &[] },
];

/// Brings the schema up to date, step by step, inside the caller's transaction.
pub(crate) fn migrate(tx: &mut Tx<'_>, pg: bool) -> Result<(), StoreError> {
    if pg {
        tx.exec("SELECT pg_advisory_xact_lock($1)", &[crate::WRITER_LOCK.into()])?;
    }
    tx.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let found = match tx.query_opt("SELECT version FROM schema_version", &[])? {
        Some(r) => r.int(0)?,
        None => 0,
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found, known: SCHEMA_VERSION });
    }
    for step in STEPS.iter().filter(|s| s.version > found) {
        let sql = if pg { step.sql.0 } else { step.sql.1 };
        if !sql.is_empty() {
            tx.batch(sql)?;
        }
        for then in step.then {
            match then {
                Then::CodeLists => seed_code_lists(tx)?,
                Then::Rules => plans::seed_rules(tx)?,
                Then::MissingRules => plans::seed_missing_rules(tx)?,
                Then::Indexes => create_indexes(tx)?,
                Then::Files(table, key, owner) => tx.batch(&file_table((table, key, owner), pg))?,
                Then::CheckpointsAppendOnly => tx.batch(if pg {
                    "CREATE TRIGGER checkpoint_no_change BEFORE UPDATE OR DELETE ON checkpoint
                     FOR EACH ROW EXECUTE FUNCTION change_log_append_only();"
                } else {
                    "CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
                     BEGIN SELECT RAISE(ABORT, 'the checkpoints are append-only'); END;
                     CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
                     BEGIN SELECT RAISE(ABORT, 'the checkpoints are append-only'); END;"
                })?,
            }
        }
        if step.version == 1 {
            tx.exec("INSERT INTO schema_version (version) VALUES ($1)", &[1.into()])?;
        } else {
            tx.exec("UPDATE schema_version SET version = $1", &[step.version.into()])?;
        }
    }
    Ok(())
}

/// The table of the files of a record (a meeting's minutes, a document): `(table, key column,
/// owner table)`; the content is BYTEA on PostgreSQL and BLOB on SQLite.
fn file_table((table, key, owner): (&str, &str, &str), pg: bool) -> String {
    format!(
        "CREATE TABLE {table} (
             id BIGINT PRIMARY KEY,
             {key} BIGINT NOT NULL REFERENCES {owner}(id),
             name TEXT NOT NULL,
             media_type TEXT NOT NULL,
             size BIGINT NOT NULL,
             sha256 TEXT NOT NULL,
             content {} NOT NULL,
             log_seq BIGINT NOT NULL
         );
         CREATE INDEX {table}_{short} ON {table} ({key});",
        if pg { "BYTEA" } else { "BLOB" },
        short = key.trim_end_matches("_id"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_run_from_one_to_the_schema_version_without_a_gap() {
        let versions: Vec<i64> = STEPS.iter().map(|s| s.version).collect();
        assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
    }
}
