import { createPayloadValidator } from '@atlas/contracts';
import { DEFAULT_RECORD_LIMITS } from '@atlas/ingestion';
import { PostgresTableConnector } from './postgres-table.connector';

describe('PostgresTableConnector', () => {
  const connector = new PostgresTableConnector();
  const config = { connectionSecret: 'CONNECTOR_SECRET_CRM', schema: 'crm', table: 'customers', cursorColumn: 'updated_at', keyColumn: 'id' };
  const validator = createPayloadValidator(connector.spec());

  it('accepts a config naming a secret variable and plain identifiers', () => {
    expect(validator.validate(config).valid).toBe(true);
  });

  it('refuses identifiers that would need quoting, and a connection that is not a secret reference', () => {
    expect(validator.validate({ ...config, table: 'customers"; DROP TABLE x; --' })).toEqual({ valid: false, reason: '/table must match pattern "^[A-Za-z_][A-Za-z0-9_]{0,62}$"' });
    expect(validator.validate({ ...config, connectionSecret: 'postgres://user:secret@host/db' }).valid).toBe(false);
    expect(validator.validate({ ...config, connectionSecret: 'DATABASE_URL' }).valid).toBe(false);
  });

  it('fails its check with the missing variable named when the secret is not set', async () => {
    const context = { limits: DEFAULT_RECORD_LIMITS, secret: () => undefined };
    expect(await connector.check(config, context)).toEqual({ ok: false, message: 'the connector has no variable CONNECTOR_SECRET_CRM holding the database URL' });
  });
});
