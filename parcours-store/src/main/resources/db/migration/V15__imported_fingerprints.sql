-- Parcours schema, version 15: an imported row of a file without message ids stores no fingerprint.
--
-- Its fingerprint follows from its row_digest and row_line, keyed with the database's secret and
-- the workspace and source of its import (event_imports): the event log works it out in Java when
-- it reads the fingerprints (at start, when a workspace is deleted, when events are erased), which
-- costs less than computing and storing it for every row of a bulk import. Rows with a message id
-- (and every row of event_rows) keep theirs.
ALTER TABLE imported_rows ALTER COLUMN fingerprint DROP NOT NULL;
