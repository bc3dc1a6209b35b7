-- Tokens stored with their own key (key_scope 'token') cannot be read once vault_token_keys is gone.
ALTER TABLE pii_detection.vault_tokens DROP COLUMN key_scope;
DROP TABLE pii_detection.vault_token_keys;
DROP TABLE gateway.subject_requests;
