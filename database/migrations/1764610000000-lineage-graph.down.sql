DROP TABLE IF EXISTS lineage.column_edges, lineage.edges, lineage.run_datasets, lineage.runs, lineage.jobs,
  lineage.dataset_versions, lineage.datasets, lineage.namespaces;
-- Events without a run cannot go back into the old shape.
DELETE FROM lineage.run_events WHERE event_kind <> 'RunEvent' OR event_type IS NULL;
ALTER TABLE lineage.run_events
  DROP COLUMN event_kind,
  ALTER COLUMN run_id SET NOT NULL,
  ALTER COLUMN job_namespace SET NOT NULL,
  ALTER COLUMN job_name SET NOT NULL,
  ALTER COLUMN event_type SET NOT NULL;
