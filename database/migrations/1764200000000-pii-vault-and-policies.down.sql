DROP TABLE IF EXISTS pii_detection.protection_policies;
DROP TABLE IF EXISTS pii_detection.detokenize_audit;
DROP TABLE IF EXISTS pii_detection.vault_tokens;
DROP FUNCTION IF EXISTS pii_detection.forbid_change();
