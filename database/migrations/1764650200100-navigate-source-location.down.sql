ALTER TABLE connector.navigate_records DROP COLUMN IF EXISTS source_location;
