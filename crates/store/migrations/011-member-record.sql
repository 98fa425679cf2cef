-- tinhgon schema version 11, the same on SQLite and PostgreSQL: the particulars of the party member
-- record (Phiếu đảng viên) beyond the register's own. The citizen ID is kept here only; the change
-- log records that it changed, never its value.
CREATE TABLE member_record (
    person_id BIGINT PRIMARY KEY REFERENCES person(id),
    place_of_birth TEXT,
    home_town TEXT,
    religion TEXT,
    occupation TEXT,
    job_title TEXT,
    general_education TEXT,
    foreign_language TEXT,
    party_card_no TEXT,
    party_record_no TEXT,
    citizen_id TEXT,
    log_seq BIGINT NOT NULL
);
