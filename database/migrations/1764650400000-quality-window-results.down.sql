ALTER TABLE quality.check_results DROP COLUMN IF EXISTS windows_evaluated, DROP COLUMN IF EXISTS windows_warned, DROP COLUMN IF EXISTS windows_failed, DROP COLUMN IF EXISTS measured_value;
DROP TABLE IF EXISTS quality.window_results;
