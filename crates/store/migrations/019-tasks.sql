-- tinhgon schema version 19, the same on SQLite and PostgreSQL: the tasks of programmes, plans and
-- projects, assigned to units with deadlines and a progress in per cent (who reported it and
-- when), and each programme's method of rolling progress up (equal weights, weights, or a value
-- set by hand, with who set it and when).
CREATE TABLE programme (
    document_id BIGINT PRIMARY KEY REFERENCES party_document(id),
    rollup TEXT NOT NULL,
    progress BIGINT,
    set_by TEXT,
    set_at TEXT,
    log_seq BIGINT NOT NULL
);
CREATE TABLE task (
    id BIGINT PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES party_document(id),
    parent_id BIGINT REFERENCES task(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    topic TEXT,
    starts_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    weight BIGINT NOT NULL,
    status TEXT NOT NULL,
    progress BIGINT NOT NULL,
    progress_by TEXT,
    progress_at TEXT,
    note TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX task_document ON task (document_id);
CREATE INDEX task_unit ON task (unit_id);
