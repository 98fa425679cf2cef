-- tinhgon register schema, SQLite. Dates are ISO text (yyyy-mm-dd), which sorts as dates do.
-- Secondary indexes are created by the code (src/lib.rs, INDEXES), which also drops and rebuilds
-- them around bulk loads into empty tables.
-- Every effective-dated row carries valid_from (inclusive) and valid_to (exclusive, NULL = in force),
-- the decision that made it, and the change-log entry that wrote it.
CREATE TABLE code_list (
    list TEXT NOT NULL,
    code TEXT NOT NULL,
    label_vi TEXT NOT NULL,
    label_en TEXT NOT NULL,
    PRIMARY KEY (list, code)
);

CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
);

CREATE TABLE unit_version (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES unit(id),
    led_by_id INTEGER REFERENCES unit(id),
    sector TEXT,
    ownership TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq INTEGER NOT NULL
);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    given_fold TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    education TEXT NOT NULL,
    theory TEXT NOT NULL,
    staff_category TEXT,
    log_seq INTEGER NOT NULL
);

-- Every spelling of a given name, with its collation key: a search visits given names in
-- Vietnamese order and stops as soon as its first page is settled.
CREATE TABLE given_name (
    given_fold TEXT NOT NULL,
    given TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    PRIMARY KEY (given_fold, given)
);

CREATE TABLE membership (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    status TEXT NOT NULL,
    admitted_on TEXT NOT NULL,
    recognized_on TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq INTEGER NOT NULL
);

CREATE TABLE assignment (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    rank TEXT NOT NULL,
    is_primary INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq INTEGER NOT NULL
);

CREATE TABLE quota (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    year INTEGER NOT NULL,
    category TEXT NOT NULL,
    quota INTEGER NOT NULL,
    decision_no TEXT,
    decision_date TEXT,
    log_seq INTEGER NOT NULL,
    UNIQUE (unit_id, year, category)
);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical entry).
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    decision_no TEXT,
    decision_date TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
