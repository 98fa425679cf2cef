-- tinhgon schema version 16, the same on SQLite and PostgreSQL: the yearly ratings of party
-- organizations, members and leading collectives, one row per year, subject and stage (the
-- subject's self-assessment, the appraisal of the level above, the decision of the competent
-- level), with the scale of the year it was given on. A correction updates the row; the change
-- log keeps what it was.
CREATE TABLE rating (
    id BIGINT PRIMARY KEY,
    year BIGINT NOT NULL,
    subject TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    person_id BIGINT REFERENCES person(id),
    stage TEXT NOT NULL,
    grade TEXT NOT NULL,
    scale TEXT NOT NULL,
    civil_service_grade TEXT,
    score BIGINT,
    note TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (year, subject, subject_key, stage)
);
CREATE INDEX rating_unit ON rating (unit_id, year);
CREATE INDEX rating_person ON rating (person_id);
