-- tinhgon schema version 17, the same on SQLite and PostgreSQL: the cases of inspection work —
-- inspections and supervisions of the yearly programme, denunciations and complaints received —
-- and the discipline decisions. A case is confidential until its decision is announced
-- (announced_on); the sender of a denunciation or complaint is shown only to its handlers.
CREATE TABLE party_case (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    mode TEXT,
    handler_id BIGINT NOT NULL REFERENCES unit(id),
    year BIGINT NOT NULL,
    planned BIGINT NOT NULL,
    subject_unit_id BIGINT REFERENCES unit(id),
    subject_person_id BIGINT REFERENCES person(id),
    title TEXT NOT NULL,
    team TEXT,
    period_from TEXT,
    period_to TEXT,
    opened_on TEXT NOT NULL,
    anonymous BIGINT NOT NULL,
    sender TEXT,
    due_on TEXT,
    extended_to TEXT,
    discipline_id BIGINT,
    concluded_on TEXT,
    conclusion TEXT,
    follow_up TEXT,
    outcome TEXT,
    announced_on TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX party_case_handler ON party_case (handler_id, year);
CREATE INDEX party_case_subject_unit ON party_case (subject_unit_id);
CREATE INDEX party_case_subject_person ON party_case (subject_person_id);
CREATE TABLE discipline (
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    person_id BIGINT REFERENCES person(id),
    form TEXT NOT NULL,
    breach TEXT NOT NULL,
    breach_on TEXT NOT NULL,
    decided_by_id BIGINT NOT NULL REFERENCES unit(id),
    decided_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    announced_on TEXT,
    post_unit_id BIGINT REFERENCES unit(id),
    post_title TEXT,
    reason TEXT,
    case_id BIGINT REFERENCES party_case(id),
    log_seq BIGINT NOT NULL
);
CREATE INDEX discipline_unit ON discipline (unit_id, decided_on);
CREATE INDEX discipline_person ON discipline (person_id);
