-- tinhgon schema version 13, the same on SQLite and PostgreSQL: signed checkpoints of the change
-- log. Each states that the log ended at entry `seq` with `hash`, signed at `at` with the ed25519
-- key whose public half is `public_key`; the secret key is never in the database. Append-only, as
-- the change log is (the triggers are per backend).
CREATE TABLE checkpoint (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
