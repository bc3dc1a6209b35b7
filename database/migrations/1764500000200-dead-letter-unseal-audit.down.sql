DROP TABLE IF EXISTS pii_detection.dead_letter_unseal_audit;
