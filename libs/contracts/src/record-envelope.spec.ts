import { computeChecksum } from './checksum';
import {
  chartRecordEnvelopeValidator,
  ChartRecordEnvelope,
  piiFindingsMessageValidator,
  protectedRecordEnvelopeValidator,
  ProtectedRecordEnvelope,
  MAX_PAYLOAD_DEPTH,
  rawRecordValidator,
  recordEnvelopeValidator,
  RecordEnvelope,
} from './record-envelope';
import { ODCS_LOGICAL_TYPES } from './contract-dataset';

const payload = { id: 1, name: 'Jane Doe', email: 'jane@example.com' };

function validEnvelope(): RecordEnvelope {
  return {
    recordId: '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e0f',
    sourceId: 'people',
    runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
    position: { index: 0, total: 2 },
    ingestedAt: '2026-01-15T10:00:00.000Z',
    checksum: computeChecksum(payload),
    payload,
  };
}

function validProtectedEnvelope(): ProtectedRecordEnvelope {
  return {
    ...validEnvelope(),
    payload: { ...payload, email: '<EMAIL_ADDRESS>' },
    protection: {
      policyId: 'default',
      policyVersion: 1,
      findings: [{ field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' }],
    },
  };
}

function validChartEnvelope(): ChartRecordEnvelope {
  return { ...validProtectedEnvelope(), quality: { contractId: 'people-contract', contractVersion: '1.0.0', valid: true } };
}

function reasonOf(result: { valid: true } | { valid: false; reason: string }): string {
  if (result.valid) throw new Error('expected the value to be rejected');
  return result.reason;
}

describe('recordEnvelopeValidator', () => {
  it('accepts a complete envelope and returns it as the value', () => {
    const envelope = validEnvelope();
    expect(recordEnvelopeValidator.validate(envelope)).toEqual({ valid: true, value: envelope });
  });

  it('accepts a position without total', () => {
    expect(recordEnvelopeValidator.validate({ ...validEnvelope(), position: { index: 4 } }).valid).toBe(true);
  });

  it.each(['recordId', 'sourceId', 'runId', 'position', 'ingestedAt', 'checksum', 'payload'] as const)(
    'rejects an envelope without %s and names it',
    (field) => {
      const envelope: Partial<RecordEnvelope> = validEnvelope();
      delete envelope[field];
      expect(reasonOf(recordEnvelopeValidator.validate(envelope))).toContain(`must have required property '${field}'`);
    },
  );

  it('names several problems at once, at most five', () => {
    const reason = reasonOf(recordEnvelopeValidator.validate({ payload: {} }));
    expect(reason.split('; ')).toEqual([
      "/ must have required property 'recordId'",
      "/ must have required property 'sourceId'",
      "/ must have required property 'runId'",
      "/ must have required property 'position'",
      "/ must have required property 'ingestedAt'",
    ]);
  });

  it('rejects a record id that is not a uuid', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), recordId: 'record-1' }))).toContain('/recordId must match format "uuid"');
  });

  it('rejects a run id that is not a uuid', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), runId: '12345' }))).toContain('/runId');
  });

  it.each([
    ['upper-case hex', 'A'.repeat(64)],
    ['too short', 'a'.repeat(63)],
    ['too long', 'a'.repeat(65)],
    ['not hex', 'g'.repeat(64)],
  ])('rejects a checksum that is %s', (_description, checksum) => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), checksum }))).toContain('/checksum must match pattern');
  });

  it('rejects a property the contract does not define', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), extra: true }))).toContain('must NOT have additional properties');
  });

  it('rejects an additional property inside the position', () => {
    expect(recordEnvelopeValidator.validate({ ...validEnvelope(), position: { index: 0, page: 2 } }).valid).toBe(false);
  });

  it('rejects a negative position index and a zero total', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), position: { index: -1 } }))).toContain('/position/index');
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), position: { index: 0, total: 0 } }))).toContain('/position/total');
  });

  it('rejects a source id outside the safe alphabet', () => {
    for (const sourceId of ['People', '-people', 'people/../x', '']) {
      expect(recordEnvelopeValidator.validate({ ...validEnvelope(), sourceId }).valid).toBe(false);
    }
  });

  it('rejects an ingestion time that is not a date-time', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), ingestedAt: 'yesterday' }))).toContain('/ingestedAt');
  });

  it('rejects a payload that is not an object', () => {
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), payload: [1, 2] }))).toBe('/payload must be object');
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), payload: 'text' }))).toBe('/payload must be object');
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), payload: null }))).toBe('/payload must be object');
    // Any keys and values: an empty key, a key with a line break, nested values.
    expect(recordEnvelopeValidator.validate({ ...validEnvelope(), payload: { '': 1, 'a\nb': [null, { c: true }] } }).valid).toBe(true);
  });

  it('takes any JSON object as a raw record, and nothing else', () => {
    expect(rawRecordValidator.validate({ id: 1, notes: { nested: ['x'] } })).toEqual({ valid: true, value: { id: 1, notes: { nested: ['x'] } } });
    expect(reasonOf(rawRecordValidator.validate([{ id: 1 }]))).toBe('/ must be object');
    expect(reasonOf(rawRecordValidator.validate('text'))).toBe('/ must be object');
  });

  it('rejects values that are not objects at all', () => {
    expect(reasonOf(recordEnvelopeValidator.validate(null))).toContain('must be object');
    expect(recordEnvelopeValidator.validate('envelope').valid).toBe(false);
  });

  it('does not accept the protected variant as a plain envelope', () => {
    expect(reasonOf(recordEnvelopeValidator.validate(validProtectedEnvelope()))).toContain('must NOT have additional properties');
  });
});

describe('payload depth', () => {
  /** A payload whose objects nest `levels` deep: {n:{n:…{n:1}}}. */
  function payloadOfDepth(levels: number): Record<string, unknown> {
    let value: Record<string, unknown> = { n: 1 };
    for (let level = 1; level < levels; level++) value = { n: value };
    return value;
  }

  it('accepts a payload nested exactly MAX_PAYLOAD_DEPTH levels', () => {
    const envelope = { ...validEnvelope(), payload: payloadOfDepth(MAX_PAYLOAD_DEPTH) };
    expect(recordEnvelopeValidator.validate(envelope).valid).toBe(true);
  });

  it.each([
    ['record', recordEnvelopeValidator, () => validEnvelope()],
    ['protected record', protectedRecordEnvelopeValidator, () => validProtectedEnvelope()],
    ['chart record', chartRecordEnvelopeValidator, () => validChartEnvelope()],
  ] as const)('rejects a %s payload one level deeper, and 10,000 levels deep, naming the limit', (_name, validator, make) => {
    for (const levels of [MAX_PAYLOAD_DEPTH + 1, 10000]) {
      expect(validator.validate({ ...make(), payload: payloadOfDepth(levels) })).toEqual({
        valid: false,
        reason: '/payload nests deeper than 128 levels',
      });
    }
  });
});

describe('protectedRecordEnvelopeValidator', () => {
  it('accepts an envelope with its protection', () => {
    expect(protectedRecordEnvelopeValidator.validate(validProtectedEnvelope()).valid).toBe(true);
  });

  it('requires the protection', () => {
    expect(reasonOf(protectedRecordEnvelopeValidator.validate(validEnvelope()))).toContain("'protection'");
  });

  it('rejects a policy version below 1', () => {
    const envelope = validProtectedEnvelope();
    envelope.protection.policyVersion = 0;
    expect(reasonOf(protectedRecordEnvelopeValidator.validate(envelope))).toContain('/protection/policyVersion');
  });

  it('rejects a finding that carries the value', () => {
    const envelope = validProtectedEnvelope();
    const findingWithValue = { ...envelope.protection.findings[0], value: 'jane@example.com' };
    const result = protectedRecordEnvelopeValidator.validate({ ...envelope, protection: { ...envelope.protection, findings: [findingWithValue] } });
    expect(reasonOf(result)).toContain('/protection/findings/0 must NOT have additional properties');
  });

  it('rejects a finding with a score above 1', () => {
    const envelope = validProtectedEnvelope();
    envelope.protection.findings[0].score = 1.5;
    expect(reasonOf(protectedRecordEnvelopeValidator.validate(envelope))).toContain('/protection/findings/0/score');
  });

  it('does not accept the chart variant', () => {
    expect(protectedRecordEnvelopeValidator.validate(validChartEnvelope()).valid).toBe(false);
  });
});

describe('chartRecordEnvelopeValidator', () => {
  it('accepts a protected envelope with its quality verdict', () => {
    expect(chartRecordEnvelopeValidator.validate(validChartEnvelope()).valid).toBe(true);
  });

  it('requires the quality verdict', () => {
    expect(reasonOf(chartRecordEnvelopeValidator.validate(validProtectedEnvelope()))).toContain("'quality'");
  });

  it('rejects a verdict with an empty contract id or a non-boolean valid flag', () => {
    const envelope = validChartEnvelope();
    expect(chartRecordEnvelopeValidator.validate({ ...envelope, quality: { ...envelope.quality, contractId: '' } }).valid).toBe(false);
    expect(chartRecordEnvelopeValidator.validate({ ...envelope, quality: { ...envelope.quality, valid: 'yes' } }).valid).toBe(false);
  });

  it("accepts the dataset's shape on the verdict, and refuses one beyond the bounds or with an unknown logical type", () => {
    const envelope = validChartEnvelope();
    const dataset = { columns: [{ name: 'id', logicalType: 'integer', required: true }, { name: 'born', logicalType: 'date', format: 'dd/MM/yyyy' }, { name: 'notes' }], primaryKey: ['id'] };
    const withDataset = (shape: unknown) => chartRecordEnvelopeValidator.validate({ ...envelope, quality: { ...envelope.quality, dataset: shape } });
    expect(withDataset(dataset).valid).toBe(true);
    expect(reasonOf(withDataset({ ...dataset, columns: [{ name: 'id', logicalType: 'uuid' }] }))).toBe('/quality/dataset/columns/0/logicalType must be equal to one of the allowed values');
    expect(withDataset({ ...dataset, columns: ODCS_LOGICAL_TYPES.map((logicalType) => ({ name: logicalType, logicalType })) }).valid).toBe(true);
    expect(reasonOf(withDataset({ ...dataset, columns: [{ name: 'x'.repeat(257) }] }))).toBe('/quality/dataset/columns/0/name must NOT have more than 256 characters');
    expect(reasonOf(withDataset({ columns: Array.from({ length: 501 }, (_unused, index) => ({ name: `c${index}` })), primaryKey: [] }))).toBe('/quality/dataset/columns must NOT have more than 500 items');
    expect(reasonOf(withDataset({ ...dataset, extra: true }))).toBe('/quality/dataset must NOT have additional properties');
  });
});

describe('piiFindingsMessageValidator', () => {
  const message = {
    recordId: '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e0f',
    sourceId: 'people',
    runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
    policyId: 'default',
    policyVersion: 1,
    findings: [{ field: 'notes', entityType: 'PHONE_NUMBER', start: 4, end: 16, score: 0.75, operator: 'mask' }],
    detectedAt: '2026-01-15T10:00:01.000Z',
  };

  it('accepts findings without any payload', () => {
    expect(piiFindingsMessageValidator.validate(message).valid).toBe(true);
  });

  it('rejects a findings message that carries the payload', () => {
    expect(reasonOf(piiFindingsMessageValidator.validate({ ...message, payload: { notes: 'call 555-0100' } }))).toContain(
      'must NOT have additional properties',
    );
  });

  it('lets an Explore record carry the column hints of its run, bounded and typed, and no later envelope carry them', () => {
    const columnHints = [
      { field: 'EmailAddress', kind: 'personal' as const, entityType: 'EMAIL_ADDRESS', share: 1 },
      { field: 'active', kind: 'non_personal' as const, evidence: 'boolean' as const, share: 1 },
    ];
    expect(recordEnvelopeValidator.validate({ ...validEnvelope(), columnHints }).valid).toBe(true);
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), columnHints: [{ ...columnHints[0], value: 'ada@example.com' }] }))).toContain('/columnHints/0 must NOT have additional properties');
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), columnHints: [{ ...columnHints[0], share: 1.5 }] }))).toContain('/columnHints/0/share must be <= 1');
    expect(reasonOf(recordEnvelopeValidator.validate({ ...validEnvelope(), columnHints: Array.from({ length: 201 }, () => columnHints[1]) }))).toContain('/columnHints must NOT have more than 200 items');
    expect(reasonOf(protectedRecordEnvelopeValidator.validate({ ...validProtectedEnvelope(), columnHints }))).toContain('must NOT have additional properties');
  });
});
