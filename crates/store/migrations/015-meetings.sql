-- tinhgon schema version 15, the same on SQLite and PostgreSQL: meetings of party organizations.
-- A meeting is planned (planned_on) and held (held_on); every member called has one attendance
-- row (presence empty until the meeting is recorded); officials of a higher level who attended,
-- and the resolutions adopted, have rows of their own. The files of the minutes are added by the
-- migration with the type of column each database keeps bytes in.
CREATE TABLE meeting (
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    kind TEXT NOT NULL,
    planned_on TEXT,
    held_on TEXT,
    topic TEXT,
    agenda TEXT,
    chair_id BIGINT REFERENCES person(id),
    minutes TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX meeting_unit ON meeting (unit_id, held_on);
CREATE TABLE meeting_attendance (
    id BIGINT PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    person_id BIGINT NOT NULL REFERENCES person(id),
    presence TEXT,
    reason TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (meeting_id, person_id)
);
CREATE INDEX meeting_attendance_person ON meeting_attendance (person_id);
CREATE TABLE meeting_guest (
    id BIGINT PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    name TEXT NOT NULL,
    title TEXT,
    body TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX meeting_guest_meeting ON meeting_guest (meeting_id);
CREATE TABLE meeting_resolution (
    id BIGINT PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    number TEXT,
    text TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX meeting_resolution_meeting ON meeting_resolution (meeting_id);
