-- tinhgon schema version 12, the same on SQLite and PostgreSQL: particulars that change over time
-- (ethnicity as recorded, professional qualification, political theory, occupation), effective-dated,
-- so that the statistics of a date use the particulars of that date. A person without versions
-- has the particulars of their person row for all time.
CREATE TABLE person_version (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    ethnicity TEXT NOT NULL,
    education TEXT NOT NULL,
    theory TEXT NOT NULL,
    occupation TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX person_version_person ON person_version (person_id, valid_from);
