-- tinhgon register schema, PostgreSQL. Dates are ISO text (yyyy-mm-dd), which sorts as dates do.
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
    id BIGINT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
);

CREATE TABLE unit_version (
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES unit(id),
    led_by_id BIGINT REFERENCES unit(id),
    sector TEXT,
    ownership TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX unit_version_unit ON unit_version (unit_id, valid_from);
CREATE INDEX unit_version_parent ON unit_version (parent_id);

CREATE TABLE person (
    id BIGINT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    name_fold TEXT COLLATE "C" NOT NULL,
    given_fold TEXT COLLATE "C" NOT NULL,
    sort_key BYTEA NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    education TEXT NOT NULL,
    theory TEXT NOT NULL,
    staff_category TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX person_name_fold ON person (name_fold);
CREATE INDEX person_given_fold ON person (given_fold, sort_key);
CREATE INDEX person_sort_key ON person (sort_key);

CREATE TABLE membership (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    status TEXT NOT NULL,
    admitted_on TEXT NOT NULL,
    recognized_on TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX membership_person ON membership (person_id, valid_from);
CREATE INDEX membership_unit ON membership (unit_id, valid_from);

CREATE TABLE assignment (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    rank TEXT NOT NULL,
    is_primary BIGINT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    decision_no TEXT,
    decision_date TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX assignment_person ON assignment (person_id, valid_from);
CREATE INDEX assignment_unit ON assignment (unit_id, valid_from);

CREATE TABLE quota (
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    year BIGINT NOT NULL,
    category TEXT NOT NULL,
    quota BIGINT NOT NULL,
    decision_no TEXT,
    decision_date TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (unit_id, year, category)
);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical entry).
CREATE TABLE change_log (
    seq BIGINT PRIMARY KEY,
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
CREATE INDEX change_log_entity ON change_log (entity, entity_key);

CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the change log is append-only'; END $$;
CREATE TRIGGER change_log_no_change BEFORE UPDATE OR DELETE ON change_log
FOR EACH ROW EXECUTE FUNCTION change_log_append_only();
