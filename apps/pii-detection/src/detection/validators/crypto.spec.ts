import { isValidBase58CheckAddress } from './base58check';
import { bech32Decode, isValidSegwitAddress } from './bech32';
import { isValidEthereumAddress, keccak256Hex } from './keccak';

describe('crypto validators', () => {
  it('base58check: accepts real P2PKH/P2SH addresses, rejects a changed character', () => {
    expect(isValidBase58CheckAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe(true);
    expect(isValidBase58CheckAddress('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toBe(true);
    expect(isValidBase58CheckAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toBe(true);
    expect(isValidBase58CheckAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toBe(false);
    expect(isValidBase58CheckAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0')).toBe(false); // 0 not in alphabet
  });
  it('bech32/bech32m: BIP-173/BIP-350 vectors', () => {
    expect(isValidSegwitAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(true);
    expect(isValidSegwitAddress('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(true);
    expect(isValidSegwitAddress('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0')).toBe(true);
    expect(isValidSegwitAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(false);
    // v1 with a bech32 (not bech32m) checksum is invalid per BIP-350.
    expect(isValidSegwitAddress('bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx')).toBe(false);
    expect(bech32Decode('bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBeNull(); // mixed case
  });
  it('keccak-256 test vectors', () => {
    expect(keccak256Hex(new Uint8Array())).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(keccak256Hex(Buffer.from('abc'))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });
  it('EIP-55: accepts the spec vectors, rejects a flipped case', () => {
    expect(isValidEthereumAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(true);
    expect(isValidEthereumAddress('0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359')).toBe(true);
    expect(isValidEthereumAddress('0x52908400098527886E0F7030069857D2E4169EE7')).toBe(true);
    expect(isValidEthereumAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBe(false);
    expect(isValidEthereumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBe(true); // no checksum
  });
});
