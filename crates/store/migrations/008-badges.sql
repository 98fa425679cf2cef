-- tinhgon schema version 8, the same on SQLite and PostgreSQL: party badges awarded, each with its
-- decision; one badge of each milestone per person.
CREATE TABLE badge (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    years BIGINT NOT NULL,
    awarded_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    early TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (person_id, years)
);
