-- tinhgon schema version 6, the same on SQLite and PostgreSQL: admissions, from candidate to full
-- member. Each step is recorded once with its date and document; who recorded it is in the change
-- log. The sponsors are the official members named at the sponsors' step.
CREATE TABLE admission (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    cell_id BIGINT NOT NULL REFERENCES unit(id),
    general_education TEXT,
    opened_on TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX admission_person ON admission (person_id);
CREATE INDEX admission_cell ON admission (cell_id);

CREATE TABLE admission_step (
    id BIGINT PRIMARY KEY,
    admission_id BIGINT NOT NULL REFERENCES admission(id),
    step TEXT NOT NULL,
    on_date TEXT NOT NULL,
    document_no TEXT,
    note TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (admission_id, step)
);

CREATE TABLE admission_sponsor (
    admission_id BIGINT NOT NULL REFERENCES admission(id),
    person_id BIGINT NOT NULL REFERENCES person(id),
    known_since TEXT NOT NULL,
    PRIMARY KEY (admission_id, person_id)
);
