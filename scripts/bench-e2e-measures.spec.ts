import { benchContract, failureWithCause, runSizes, ingestionRunSummary, latencySummary, memorySummary, percentile, rawPartitionOfSends, throughputSummary } from './bench-e2e-measures';

describe('the end-to-end benchmark figures', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99), percentile(values, 1)]).toEqual([50, 95, 99, 100]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow('no values');
  });

  it('measures latency from send to write, ignoring rows this run did not send', () => {
    const writes = [
      { sentAt: 1000, writtenAt: 1100 },
      { sentAt: 1000, writtenAt: 1300 },
      { sentAt: 2000, writtenAt: 2050 },
      { sentAt: undefined, writtenAt: 9000 },
    ];
    expect(latencySummary(writes)).toEqual({ p50: 100, p95: 300, p99: 300, max: 300, measured: 3 });
  });

  it('gives records/s from the first send to the last write, and the steady rate between the 10th and 90th percentile of writes', () => {
    // 11 writes, one every 100 ms from t=1,000 to t=2,000; the first record was sent at t=0.
    const writes = Array.from({ length: 11 }, (_, index) => ({ sentAt: index === 0 ? 0 : 500, writtenAt: 1000 + index * 100 }));
    // p10 of 11 writes is the 2nd (1,100), p90 the 10th (1,900): 8 writes after 1,100 up to 1,900 in 0.8 s.
    expect(throughputSummary(writes)).toEqual({ endToEndSeconds: 2, recordsPerSecond: 6, steadyRecordsPerSecond: 10 });
  });

  it('reads the record count, the warm-up and the timeout, refusing what is not a count', () => {
    expect(runSizes('10000', '0', '1800')).toEqual({ count: 10000, warmUpCount: 0, timeoutSeconds: 1800 });
    expect(runSizes('1', '2000', '2.5')).toEqual({ count: 1, warmUpCount: 2000, timeoutSeconds: 2.5 });
    expect(() => runSizes('0', '0', '1800')).toThrow('--records must be a positive integer');
    expect(() => runSizes('1e4', '0', '1800')).toThrow('--records must be a positive integer');
    expect(() => runSizes('10', '-5', '1800')).toThrow('--warm-up must be a whole number of records (0: none)');
    expect(() => runSizes('10', '2.5', '1800')).toThrow('--warm-up must be a whole number of records (0: none)');
    expect(() => runSizes('10', '', '1800')).toThrow('--warm-up must be a whole number of records (0: none)');
    expect(() => runSizes('10', '0', '0')).toThrow('--timeout-seconds must be a positive number');
    expect(() => runSizes('10', '0', 'soon')).toThrow('--timeout-seconds must be a positive number');
    expect(() => runSizes('10', '0', ' ')).toThrow('--timeout-seconds must be a positive number');
  });

  it('writes a contract whose schema object is the source, keyed by id', () => {
    const contract = benchContract('bench-e2e-x');
    expect(contract.id).toBe('bench-e2e-x-contract');
    expect(contract.schema[0].name).toBe('bench-e2e-x');
    expect(contract.schema[0].properties.filter((property) => 'primaryKey' in property).map((property) => property.name)).toEqual(['id']);
    expect(contract.schema[0].properties).toHaveLength(10);
  });

  it('summarises memory as first, peak, last and the peak of each minute since the start', () => {
    const samples = [
      { atMs: 1000, residentMib: 200 },
      { atMs: 30000, residentMib: 260 },
      { atMs: 61000, residentMib: 240 },
      // nothing in the third minute
      { atMs: 190000, residentMib: 250 },
    ];
    expect(memorySummary(samples, 0)).toEqual({ first: 200, peak: 260, last: 250, peakPerMinute: [260, 240, 240, 250] });
    expect(() => memorySummary([], 0)).toThrow('no memory samples');
  });

  it('puts each send on the raw partition the option asks for', () => {
    const sends = (option: string) => {
      const next = rawPartitionOfSends(option, 6);
      return Array.from({ length: 8 }, () => next());
    };
    expect(sends('')).toEqual(Array(8).fill(undefined));
    expect(sends('sticky')).toEqual([0, 1, 2, 3, 4, 5, 0, 1]);
    expect(sends('3')).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    for (const wrong of ['6', '-1', '1.5', 'spread']) expect(() => rawPartitionOfSends(wrong, 6)).toThrow('--partition must be sticky or a partition number of atlas.raw.records.v1 (0–5)');
  });

  it('counts the ingestion runs the records were cut into, and the records per run', () => {
    expect(ingestionRunSummary(['a', 'b', 'a', 'a', 'c', 'b'])).toEqual({ count: 3, recordsPerRun: 2 });
    expect(ingestionRunSummary(['a', 'a', 'b'])).toEqual({ count: 2, recordsPerRun: 1.5 });
    expect(ingestionRunSummary([])).toEqual({ count: 0, recordsPerRun: 0 });
  });

  it("names a failure's cause and its code (fetch's own message says only that it failed)", () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(failureWithCause(new TypeError('fetch failed', { cause: reset }))).toBe('fetch failed: other side closed (UND_ERR_SOCKET)');
    expect(failureWithCause(new Error('push failed: 409', { cause: new Error('in progress') }))).toBe('push failed: 409: in progress');
    expect(failureWithCause(new Error('timed out'))).toBe('timed out');
    expect(failureWithCause('not an error')).toBe('not an error');
  });
});
