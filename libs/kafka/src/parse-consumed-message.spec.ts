import { KafkaMessage } from 'kafkajs';
import { TOPICS } from '@atlas/contracts';
import { parseConsumedMessage } from './parse-consumed-message';

const message = (value: Buffer): KafkaMessage => ({ key: null, value, offset: '7', timestamp: '0', attributes: 0, headers: {} });

describe('parseConsumedMessage', () => {
  it('dead-letters bytes that are not UTF-8 instead of replacing them with U+FFFD', () => {
    // {"name":"<0xff 0xfe>"}: JSON around two bytes no UTF-8 sequence starts with.
    const value = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const parsed = parseConsumedMessage(TOPICS.RAW_RECORDS, 2, message(value));
    expect(parsed).toEqual({ ok: false, deadLetter: { partition: 2, offset: '7', key: null, rawValue: value, headers: {}, reason: 'value is not valid UTF-8' } });
  });

  it('accepts multi-byte UTF-8 text', () => {
    const parsed = parseConsumedMessage(TOPICS.RAW_RECORDS, 0, message(Buffer.from('{"city":"Kraków","name":"Yılmaz 🙂"}')));
    expect(parsed.ok && parsed.message.value).toEqual({ city: 'Kraków', name: 'Yılmaz 🙂' });
  });

  it('names the position of a JSON syntax error without quoting the input', () => {
    const parsed = parseConsumedMessage(TOPICS.RAW_RECORDS, 0, message(Buffer.from('{"name": "secret@example.org')));
    expect(parsed.ok ? '' : parsed.deadLetter.reason).toBe('value is not valid JSON (at position 28)');
  });
});
