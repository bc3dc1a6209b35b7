DROP TABLE connector.raw_record_runs;
