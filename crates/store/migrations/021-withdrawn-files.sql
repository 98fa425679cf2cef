-- tinhgon schema version 21, the same on SQLite and PostgreSQL: a file of a document or of a
-- meeting's minutes can be withdrawn by those who may write to its document or meeting. Nothing is
-- deleted: the row keeps its content and the change-log entry of the withdrawal is its
-- withdrawn_seq; a withdrawn file is no longer listed or served.
ALTER TABLE document_file ADD COLUMN withdrawn_seq BIGINT;
ALTER TABLE meeting_file ADD COLUMN withdrawn_seq BIGINT;
