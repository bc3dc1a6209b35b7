-- Rows re-wrapped under a key other than 'default' open again only with that key as PII_VAULT_KEY.
DROP TABLE pii_detection.vault_rewrap_audit;
DROP TABLE pii_detection.vault_lookup_key;
ALTER TABLE pii_detection.vault_tokens DROP CONSTRAINT vault_tokens_key_id_of_scope;
ALTER TABLE pii_detection.vault_tokens DROP COLUMN key_id;
ALTER TABLE pii_detection.vault_token_keys DROP COLUMN key_id;
