-- What migrations 2 to 6 added to the schema of 0.1.0 (schema-0.1.0.sql): with it, a database as the release before
-- partitions left it, to move to the partitioned table of migration 7.
ALTER TABLE swap_checkpoints ADD COLUMN cursor text;
CREATE INDEX swap_events_inserted_at ON swap_events USING brin (inserted_at);
ALTER TABLE swap_checkpoints ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
CREATE INDEX swap_events_slot ON swap_events USING brin (slot);
ALTER TABLE swap_checkpoints ADD COLUMN lease_until timestamptz;
CREATE TABLE swap_schema_migrations (
  version     integer     PRIMARY KEY,
  description text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO swap_schema_migrations (version, description) VALUES
  (1, 'swap events, dead letters, checkpoints'), (2, 'checkpoint cursors'), (3, 'recent rows by insertion time'),
  (4, 'reading terms of sources with standbys'), (5, 'rows by slot, for rewinds'),
  (6, 'leases of sources with standbys');
