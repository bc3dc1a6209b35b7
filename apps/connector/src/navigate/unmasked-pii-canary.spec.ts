import { chartUnmaskedPiiTotal, countUnmaskedPii, unmaskedPiiIn } from './unmasked-pii-canary';

describe('unmaskedPiiIn', () => {
  it('finds readable e-mail addresses and card numbers anywhere in a payload', () => {
    expect([...unmaskedPiiIn({ contact: { notes: ['write to jane.doe@example.com.'] } })]).toEqual(['EMAIL_ADDRESS']);
    expect([...unmaskedPiiIn({ card: '4111 1111 1111 1111' })]).toEqual(['CREDIT_CARD']);
    expect([...unmaskedPiiIn({ card: 5555555555554444 })]).toEqual(['CREDIT_CARD']);
  });

  it('stays quiet on protected values and look-alikes', () => {
    const payload = {
      email: '<EMAIL_ADDRESS>',
      masked: '************1111',
      token: 'tok_abcdefghijklmnopqrstuvwxyz',
      hash: 'a3f1c2…',
      handle: '@jane',
      notLuhn: '4111 1111 1111 1112',
      timestamp: '1768471200000123',
      orderId: 1234567890123,
    };
    expect([...unmaskedPiiIn(payload)]).toEqual([]);
  });

  it('scans adversarial texts in linear time (a quarter of the text takes about a quarter of the time)', () => {
    // Fastest of three runs; linear work gives a ratio of 4, quadratic 16.
    const fastestMs = (text: string) =>
      Math.min(...[0, 1, 2].map(() => {
        const started = process.hrtime.bigint();
        unmaskedPiiIn({ text });
        return Number(process.hrtime.bigint() - started) / 1e6;
      }));
    for (const unit of ['a', 'a@', '1', '1 ', '4111-', 'x.y@']) {
      const quarter = fastestMs(unit.repeat(25_000));
      const full = fastestMs(unit.repeat(100_000));
      expect({ unit, slow: full > quarter * 8 + 15 }).toEqual({ unit, slow: false });
    }
  });
});

describe('countUnmaskedPii', () => {
  it('counts each record once per entity type found, by source', async () => {
    chartUnmaskedPiiTotal.reset();
    countUnmaskedPii([
      { sourceId: 'people', payload: { a: 'jane@example.com', b: 'john@example.com' } },
      { sourceId: 'people', payload: { a: '<EMAIL_ADDRESS>' } },
    ]);
    expect((await chartUnmaskedPiiTotal.get()).values).toEqual([{ labels: { source: 'people', entity_type: 'EMAIL_ADDRESS' }, value: 1 }]);
  });
});
