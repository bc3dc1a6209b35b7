DROP TABLE IF EXISTS quality.duplicate_keys;
DROP TABLE IF EXISTS quality.check_results;
DROP TABLE IF EXISTS quality.run_results;
DROP TABLE IF EXISTS quality.judged_records;
