-- Record provenance: a Navigate row carries where its record was read in its source (besides its
-- source, position, run, policy and contract versions and trace id), so its provenance is its own
-- columns joined with the run-level lineage; nothing is stored per record and stage.
ALTER TABLE connector.navigate_records ADD COLUMN source_location text CHECK (length(source_location) <= 512);
