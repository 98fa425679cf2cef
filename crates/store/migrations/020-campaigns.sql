-- tinhgon schema version 20, the same on SQLite and PostgreSQL: review campaigns (sơ kết, tổng
-- kết) launched by a committee for its subtree — the outline of text sections and figure fields,
-- the days, the units that report with their deadlines (the pilot units' earlier), the steering
-- teams and the units each follows — and the units' reports, each figure with the register's value
-- as of the reference date beside the value reported and the note of a correction.
CREATE TABLE campaign (
    id BIGINT PRIMARY KEY,
    launcher_id BIGINT NOT NULL REFERENCES unit(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    reviews_id BIGINT REFERENCES party_document(id),
    guidance_id BIGINT REFERENCES party_document(id),
    reference_on TEXT NOT NULL,
    pilot_by TEXT,
    report_by TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    conference_on TEXT,
    sections TEXT NOT NULL,
    fields TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX campaign_launcher ON campaign (launcher_id);
CREATE TABLE campaign_team (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign(id),
    name TEXT NOT NULL,
    members TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX campaign_team_campaign ON campaign_team (campaign_id);
CREATE TABLE campaign_unit (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    pilot BIGINT NOT NULL,
    report_by TEXT NOT NULL,
    team_id BIGINT REFERENCES campaign_team(id),
    log_seq BIGINT NOT NULL
);
CREATE INDEX campaign_unit_campaign ON campaign_unit (campaign_id);
CREATE INDEX campaign_unit_unit ON campaign_unit (unit_id);
CREATE TABLE campaign_report (
    id BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    status TEXT NOT NULL,
    texts TEXT NOT NULL,
    conference_on TEXT,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    submitted_on TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX campaign_report_campaign ON campaign_report (campaign_id, unit_id);
CREATE TABLE campaign_figure (
    id BIGINT PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES campaign_report(id),
    key TEXT NOT NULL,
    register_value BIGINT NOT NULL,
    value BIGINT NOT NULL,
    note TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX campaign_figure_report ON campaign_figure (report_id);
