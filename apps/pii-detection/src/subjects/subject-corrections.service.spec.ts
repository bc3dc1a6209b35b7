import { rectificationBinding } from '@atlas/contracts';
import { DeadLetterSealer } from '@atlas/kafka';
import { hash } from '../anonymization/operators';
import { PolicyService } from '../anonymization/policies/policy.service';
import { BUILT_IN_DEFAULT_POLICY, ResolvedPolicy } from '../anonymization/policies/policy.types';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_DEAD_LETTER_PUBLIC_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { PiiAnalyzer } from '../detection/pii-analyzer';
import { createEmailRecognizer } from '../detection/recognizers/email.recognizer';
import { RecordProtector } from '../structured/record-protector';
import { inMemoryTokenVault, InMemoryVaultTokens } from '../vault/test/in-memory-repositories';
import { SubjectCorrectionsService } from './subject-corrections.service';

const REQUEST_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const CORRECTIONS = { name: 'Erin Rectified', email: 'erin.new@example.com', ssn: '123-45-6789', age: 41, vip: true };

/** crm tokenizes names (namespace people), hashes e-mail addresses and drops ssn; every other source has the built-in default. */
const CRM_POLICY: ResolvedPolicy = {
  policyId: 'crm',
  version: 3,
  sourceId: 'crm',
  rules: { EMAIL_ADDRESS: { operator: 'hash' }, DEFAULT: { operator: 'replace' } },
  fieldRules: { name: { operator: 'tokenize', params: { namespace: 'people' } }, ssn: { operator: 'drop' } },
};

function setup(loaded = true) {
  const keys = new ProtectionKeys(testEnvironment());
  const vault = inMemoryTokenVault(keys, new InMemoryVaultTokens());
  const protector = new RecordProtector(new PiiAnalyzer([createEmailRecognizer()]), { keys, tokenizer: vault });
  const policies = {
    isLoaded: jest.fn(() => loaded),
    refresh: jest.fn(async () => undefined),
    policyFor: jest.fn((sourceId: string) => (sourceId === 'crm' ? CRM_POLICY : BUILT_IN_DEFAULT_POLICY)),
  };
  const sealed = new DeadLetterSealer(TEST_DEAD_LETTER_PUBLIC_KEY).sealBound(Buffer.from(JSON.stringify(CORRECTIONS)), rectificationBinding(REQUEST_ID));
  return { keys, vault, policies, sealed, service: new SubjectCorrectionsService(keys, policies as unknown as PolicyService, protector) };
}

describe('SubjectCorrectionsService', () => {
  it('opens the sealed corrections and protects them by each source’s policy, as the pipeline protects that source’s records', async () => {
    const { keys, vault, policies, sealed, service } = setup(false);
    const result = await service.protect({ requestId: REQUEST_ID, sealed, sourceIds: ['people', 'crm', 'people'] });
    expect(policies.refresh).toHaveBeenCalledTimes(1);
    expect(result).toEqual({
      corrections: CORRECTIONS,
      protectedBySource: {
        // A field rule tokenizes the whole name; the address is found and hashed; ssn is dropped, so it is not set anywhere.
        crm: { name: await vault.tokenize('people', 'PERSON', 'Erin Rectified'), email: hash('erin.new@example.com', keys.hashKey), age: 41, vip: true },
        people: { name: 'Erin Rectified', email: '<EMAIL_ADDRESS>', ssn: '123-45-6789', age: 41, vip: true },
      },
    });
    expect(Object.keys(result.protectedBySource)).toEqual(['crm', 'people']);
  });

  it('refuses corrections sealed for another request, or altered (422 corrections_unreadable, nothing quoted)', async () => {
    const { sealed, service } = setup();
    const other = service.protect({ requestId: '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02', sealed, sourceIds: ['crm'] });
    await expect(other).rejects.toMatchObject({
      response: { code: 'corrections_unreadable', message: 'The sealed corrections could not be opened: sealed to another key, altered, or sealed for another request' },
    });
    const altered = { ...sealed, ciphertext: Buffer.from('{"name":"Mallory"}').toString('base64') };
    await expect(service.protect({ requestId: REQUEST_ID, sealed: altered, sourceIds: ['crm'] })).rejects.toMatchObject({ response: { code: 'corrections_unreadable' } });
  });

  it('refuses sealed values that are no valid corrections, naming the rule', async () => {
    const { service } = setup();
    const sealed = new DeadLetterSealer(TEST_DEAD_LETTER_PUBLIC_KEY).sealBound(Buffer.from(JSON.stringify({ name: { first: 'Erin' } })), rectificationBinding(REQUEST_ID));
    await expect(service.protect({ requestId: REQUEST_ID, sealed, sourceIds: ['crm'] })).rejects.toMatchObject({
      response: { code: 'corrections_unreadable', message: 'The sealed corrections are not valid: corrections.name must be a string, a number, a boolean or null' },
    });
  });
});
