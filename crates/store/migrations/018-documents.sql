-- tinhgon schema version 18, the same on SQLite and PostgreSQL: the register of party documents
-- (resolutions, directives, programmes, plans, reports…), each with its number and sign, its
-- issuer, the higher document it implements and the units that must implement it by a deadline;
-- and the congresses of party organizations, whose closing days bound the committee terms within
-- which documents are numbered from 01 per type.
CREATE TABLE congress (
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    closed_on TEXT NOT NULL,
    label TEXT NOT NULL,
    log_seq BIGINT NOT NULL
);
CREATE INDEX congress_unit ON congress (unit_id, closed_on);
CREATE TABLE party_document (
    id BIGINT PRIMARY KEY,
    issuer_id BIGINT NOT NULL REFERENCES unit(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    number BIGINT,
    sign TEXT,
    issued_on TEXT,
    title TEXT NOT NULL,
    implements_id BIGINT REFERENCES party_document(id),
    implement_by TEXT,
    valid_from TEXT,
    valid_to TEXT,
    place TEXT,
    body TEXT,
    signing_for TEXT,
    signer_title TEXT,
    signer_name TEXT,
    recipients TEXT,
    log_seq BIGINT NOT NULL
);
CREATE INDEX party_document_issuer ON party_document (issuer_id, kind, number);
CREATE INDEX party_document_implements ON party_document (implements_id);
CREATE TABLE document_target (
    id BIGINT PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES party_document(id),
    unit_id BIGINT NOT NULL REFERENCES unit(id),
    log_seq BIGINT NOT NULL
);
CREATE INDEX document_target_document ON document_target (document_id);
CREATE INDEX document_target_unit ON document_target (unit_id);
