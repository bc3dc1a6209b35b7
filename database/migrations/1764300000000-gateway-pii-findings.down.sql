DROP TABLE IF EXISTS gateway.pii_findings;
