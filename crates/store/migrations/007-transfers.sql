-- tinhgon schema version 7, the same on SQLite and PostgreSQL: transfers of party activity, each
-- with its introduction letter. An official transfer between grassroots organizations leaves the
-- member in transit (a membership period of status in_transit) from sent_on until received_on.
CREATE TABLE transfer (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    from_cell_id BIGINT NOT NULL REFERENCES unit(id),
    to_cell_id BIGINT REFERENCES unit(id),
    destination TEXT,
    sent_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    returns_on TEXT,
    letter_no TEXT NOT NULL,
    reason TEXT,
    received_on TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX transfer_person ON transfer (person_id);
CREATE INDEX transfer_from ON transfer (from_cell_id);
CREATE INDEX transfer_to ON transfer (to_cell_id);
INSERT INTO code_list (list, code, label_vi, label_en)
    VALUES ('member_status', 'in_transit', 'Đang chuyển sinh hoạt', 'In transit')
    ON CONFLICT DO NOTHING;
