/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's protocol modules have no typings */
// patches/kafkajs+2.2.4.patch (applied by npm ci's postinstall): kafkajs's encoder allocates without
// zero-filling, a record's encoder is sized once for the record instead of doubling from 512 bytes and
// takes its headers in place (kafkajs gave each header an encoder of 512 bytes), varints are written
// into the buffer (kafkajs made an array and a Buffer per varint, and Long arithmetic for every
// varlong), messages are grouped per partition by appending (kafkajs copied the group's array for each
// message), and a record batch's CRC-32C is computed eight bytes per step (slicing-by-8) instead of one.
const Encoder = require('kafkajs/src/protocol/encoder');
const Decoder = require('kafkajs/src/protocol/decoder');
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder');
const crc32C: (buffer: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C');

/** CRC-32C bit by bit (reflected polynomial 0x82F63B78): the definition the tables must agree with. */
function crc32CBitwise(buffer: Buffer): number {
  let crc = -1;
  for (const byte of buffer) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ -1) >>> 0;
}

describe('the patched kafkajs encoder', () => {
  afterEach(() => jest.restoreAllMocks());

  it('encodes a 1,500-byte record with two headers into one buffer, allocated once without zero-filling', () => {
    const value = Buffer.from('v'.repeat(1500));
    const key = Buffer.from('key-1');
    const zeroFilled = jest.spyOn(Buffer, 'alloc');
    const unfilled = jest.spyOn(Buffer, 'allocUnsafe');
    const copied = jest.spyOn(Buffer, 'from');
    const encoded = encodeRecord({ offsetDelta: 3, key, value, headers: { 'atlas-source-id': 'source-1', traceparent: 'tp' } });
    expect(zeroFilled).not.toHaveBeenCalled();
    expect(unfilled).toHaveBeenCalledTimes(1);
    expect(copied).not.toHaveBeenCalled();
    expect(encoded.buffer.length).toBe(1554);
  });

  it('writes varints and varlongs byte for byte as the protocol defines them (zig-zag, seven bits a byte)', () => {
    const bytesOf = (write: (encoder: typeof Encoder) => void): number[] => {
      const encoder = new Encoder(1);
      write(encoder);
      return [...encoder.buffer];
    };
    expect(bytesOf((encoder) => encoder.writeUVarInt(300))).toEqual([0xac, 0x02]);
    expect(bytesOf((encoder) => encoder.writeUVarInt(0xffffffff))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(bytesOf((encoder) => encoder.writeVarInt(-1))).toEqual([0x01]);
    expect(bytesOf((encoder) => encoder.writeVarInt(63).writeVarInt(-64).writeVarInt(64))).toEqual([0x7e, 0x7f, 0x80, 0x01]);
    expect(bytesOf((encoder) => encoder.writeVarLong(0x3fffffff))).toEqual([0xfe, 0xff, 0xff, 0xff, 0x07]);
    expect(bytesOf((encoder) => encoder.writeVarLong(-0x40000000))).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(bytesOf((encoder) => encoder.writeVarLong(0x40000000))).toEqual([0x80, 0x80, 0x80, 0x80, 0x08]);
    expect(bytesOf((encoder) => encoder.writeVarLong(2 ** 40))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
    for (const value of [0, 1, -1, 12, -300, 0x3fffffff, -0x40000000, 0x40000000, -0x40000001, 2 ** 40, -(2 ** 45)]) {
      const encoder = new Encoder(1).writeVarLong(value);
      expect(encoder.buffer.length).toBe(Encoder.sizeOfVarLong(value));
      expect(new Decoder(encoder.buffer).readVarLong().toString()).toBe(String(value));
    }
  });

  it('writes bytes that decode back to the same record', () => {
    const value = Buffer.from(JSON.stringify({ name: 'Ada', notes: 'é'.repeat(700) }));
    const encoded: Buffer = encodeRecord({ offsetDelta: 7, timestampDelta: 12, key: Buffer.from('key-2'), value, headers: { 'atlas-run-id': 'run-1', traceparent: 'tp' } }).buffer;
    const decoder = new Decoder(encoded);
    decoder.readVarInt();
    const record = decodeRecord(decoder, { firstOffset: '100', firstTimestamp: '1000', magicByte: 2, isControlBatch: false });
    expect(record.offset).toBe('107');
    expect(record.timestamp).toBe('1012');
    expect(record.key.toString()).toBe('key-2');
    expect(Buffer.compare(record.value, value)).toBe(0);
    expect(Object.fromEntries(Object.entries(record.headers as Record<string, Buffer>).map(([name, header]) => [name, header.toString()]))).toEqual({ 'atlas-run-id': 'run-1', traceparent: 'tp' });
    const grown = new Encoder(4).writeBytes(value).buffer;
    expect(grown.readInt32BE(0)).toBe(value.length);
    expect(Buffer.compare(grown.subarray(4), value)).toBe(0);
  });

  it('computes CRC-32C eight bytes per step with the result of the bitwise definition, at every length and alignment', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32C(Buffer.alloc(0))).toBe(0);
    expect(crc32C(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    const bytes = Buffer.from(Array.from({ length: 300 }, (_unused, index) => (index * 131 + 7) % 256));
    for (let length = 0; length <= 40; length++) {
      for (let offset = 0; offset < 3; offset++) {
        const slice = bytes.subarray(offset, offset + length);
        expect(crc32C(slice)).toBe(crc32CBitwise(slice));
      }
    }
    expect(crc32C(bytes)).toBe(crc32CBitwise(bytes));
  });
});
