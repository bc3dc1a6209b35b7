DROP TABLE IF EXISTS pii_detection.column_classifications;
