-- tinhgon schema version 9, the same on SQLite and PostgreSQL: party dues. What a member's dues
-- are counted on is effective-dated by month (a new row from a month on); payments are one per
-- member and month, with who recorded them in the change log.
CREATE TABLE dues_basis (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    from_month TEXT NOT NULL,
    category TEXT NOT NULL,
    base_amount BIGINT NOT NULL,
    exemption TEXT,
    reduction_pct BIGINT,
    reduction_until TEXT,
    log_seq BIGINT NOT NULL,
    UNIQUE (person_id, from_month)
);

CREATE TABLE dues_payment (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person(id),
    month TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_on TEXT NOT NULL,
    log_seq BIGINT NOT NULL,
    UNIQUE (person_id, month)
);
CREATE INDEX dues_payment_month ON dues_payment (month);
