-- tinhgon schema version 10, the same on SQLite and PostgreSQL: the ground on which a member left
-- the party (the membership itself ends with its status), and the status of leaving at one's own
-- request.
CREATE TABLE leaving (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    ground TEXT NOT NULL,
    left_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    note TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX leaving_person ON leaving (person_id);
INSERT INTO code_list (list, code, label_vi, label_en)
    VALUES ('member_status', 'resigned', 'Cho ra khỏi Đảng (theo nguyện vọng)', 'Left the party at own request')
    ON CONFLICT DO NOTHING;
