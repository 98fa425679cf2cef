-- tinhgon schema version 3, the same on SQLite and PostgreSQL: restructuring plans and the
-- effective-dated rule values they are judged by.
CREATE TABLE plan (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    effective TEXT NOT NULL,
    surplus_years BIGINT NOT NULL,
    baseline_year BIGINT,
    target_cut BIGINT,
    -- draft, applied or reverted
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- The change-log entries of the latest application (first and last).
    applied_from BIGINT,
    applied_to BIGINT,
    reverted_to BIGINT
);

-- A plan's operations in order, each as JSON (see the domain's plan::Op).
CREATE TABLE plan_op (
    plan_id BIGINT NOT NULL REFERENCES plan(id),
    ord BIGINT NOT NULL,
    op_json TEXT NOT NULL,
    PRIMARY KEY (plan_id, ord)
);

-- Every row the application of a plan wrote, in order, with what it held before: enough to undo
-- the plan exactly. Rows of a reverted application are kept.
CREATE TABLE plan_row (
    plan_id BIGINT NOT NULL REFERENCES plan(id),
    seq BIGINT NOT NULL,
    tbl TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    -- insert, end (valid_to set) or update (a quota's figure)
    action TEXT NOT NULL,
    old_valid_to TEXT,
    old_log_seq BIGINT,
    old_quota BIGINT,
    old_decision_no TEXT,
    old_decision_date TEXT,
    PRIMARY KEY (plan_id, seq)
);

-- Units a plan left above their deputy cap, with the day they must be back within it.
CREATE TABLE plan_surplus (
    plan_id BIGINT NOT NULL REFERENCES plan(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    deputies BIGINT NOT NULL,
    cap BIGINT NOT NULL,
    deadline TEXT NOT NULL,
    PRIMARY KEY (plan_id, unit_id)
);

CREATE TABLE rule_value (
    id BIGINT PRIMARY KEY,
    rule TEXT NOT NULL,
    value BIGINT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    source TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX rule_value_rule ON rule_value (rule, valid_from);
