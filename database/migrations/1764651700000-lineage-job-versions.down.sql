DROP TABLE lineage.job_versions;
ALTER TABLE lineage.jobs DROP COLUMN current_version_id, DROP COLUMN current_version_at;
