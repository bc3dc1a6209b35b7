import { countFindings, piiFindingsTotal, piiRecordsTotal } from './protection.metrics';

describe('countFindings', () => {
  beforeEach(() => {
    piiFindingsTotal.reset();
    piiRecordsTotal.reset();
  });

  it('adds each source, entity type and operator once per batch, with the number of findings', async () => {
    const email = { entityType: 'EMAIL_ADDRESS', operator: 'replace' };
    const phone = { entityType: 'PHONE_NUMBER', operator: 'mask' };
    countFindings([
      { sourceId: 'crm', findings: [email, phone, email] },
      { sourceId: 'crm', findings: [] },
      { sourceId: 'shop', findings: [{ entityType: 'EMAIL_ADDRESS', operator: 'hash' }] },
      { sourceId: 'crm', findings: [phone] },
    ]);
    expect((await piiFindingsTotal.get()).values).toEqual([
      { labels: { source: 'crm', entity_type: 'EMAIL_ADDRESS', operator: 'replace' }, value: 2 },
      { labels: { source: 'crm', entity_type: 'PHONE_NUMBER', operator: 'mask' }, value: 2 },
      { labels: { source: 'shop', entity_type: 'EMAIL_ADDRESS', operator: 'hash' }, value: 1 },
    ]);
    expect((await piiRecordsTotal.get()).values).toEqual([
      { labels: { source: 'crm', result: 'with_findings' }, value: 2 },
      { labels: { source: 'crm', result: 'without_findings' }, value: 1 },
      { labels: { source: 'shop', result: 'with_findings' }, value: 1 },
    ]);
  });
});
