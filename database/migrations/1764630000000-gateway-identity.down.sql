DROP TABLE IF EXISTS gateway.audit_log;
DROP FUNCTION IF EXISTS gateway.forbid_change();
DROP TABLE IF EXISTS gateway.api_keys;
DROP TABLE IF EXISTS gateway.refresh_tokens;
DROP TABLE IF EXISTS gateway.users;
