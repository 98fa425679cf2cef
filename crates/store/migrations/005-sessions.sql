-- tinhgon schema version 5, the same on SQLite and PostgreSQL: browser sessions, kept in the
-- database so that a restart signs nobody out and several servers share them. Only the SHA-256
-- of the session cookie is stored; times are seconds since 1970 (UTC).
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account(id),
    started_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE INDEX session_account ON session (account_id);
