import { found } from './pattern-detection.spec-helper';

describe('CRYPTO', () => {
  it('finds checksum-valid BTC and ETH addresses', () => {
    expect(found('send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now', 'CRYPTO')).toEqual(['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2']);
    expect(found('segwit bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4.', 'CRYPTO')).toEqual(['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4']);
    expect(found('eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'CRYPTO')).toEqual(['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed']);
  });
  it('drops broken checksums', () => {
    expect(found('send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 now', 'CRYPTO')).toEqual([]);
    expect(found('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'CRYPTO')).toEqual([]);
    expect(found('eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', 'CRYPTO')).toEqual([]);
  });
  it('a 64-hex hash is not an ETH address', () => {
    expect(found('tx 0x' + 'ab'.repeat(32), 'CRYPTO')).toEqual([]);
  });
});
