DROP TABLE IF EXISTS quality.alerts;
