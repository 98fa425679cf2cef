-- tinhgon schema version 2, the same on SQLite and PostgreSQL: accounts and API tokens.
-- Passwords are stored as argon2id PHC strings; tokens only as their SHA-256 hash.
-- Accounts are never deleted: they are disabled, and every change is in the change log.
CREATE TABLE account (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    scope_unit_id BIGINT REFERENCES unit(id),
    person_id BIGINT REFERENCES person(id),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

CREATE TABLE api_token (
    id BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account(id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_on TEXT,
    revoked_at TEXT
);
CREATE INDEX api_token_account ON api_token (account_id);
