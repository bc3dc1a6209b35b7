import { isValidBase58CheckAddress } from '../validators/base58check';
import { isValidSegwitAddress } from '../validators/bech32';
import { hasEip55Checksum, isValidEthereumAddress } from '../validators/keccak';
import { PatternRecognizer } from './pattern-recognizer';

const BTC_BASE58 = /(?<![A-Za-z0-9])[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/g;
const BTC_BECH32 = /(?<![A-Za-z0-9])(?:bc1|tb1|BC1|TB1)[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}(?![A-Za-z0-9])/g;
/** The human-readable parts the bech32 pattern accepts, in its exact cases. */
function hasBech32Prefix(text: string): boolean {
  return text.includes('bc1') || text.includes('tb1') || text.includes('BC1') || text.includes('TB1');
}
const ETH = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g;

/** Bitcoin (Base58Check P2PKH/P2SH, bech32/bech32m SegWit) and Ethereum (EIP-55) addresses. */
export function createCryptoRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'CryptoRecognizer',
    [
      { name: 'btc base58check', entity: 'CRYPTO', regex: BTC_BASE58, score: 0.3, prefilter: (f) => f.longestAlnumRun >= 26, validate: (m) => isValidBase58CheckAddress(m) },
      { name: 'btc bech32', entity: 'CRYPTO', regex: BTC_BECH32, score: 0.3, prefilter: (f, t) => f.longestAlnumRun >= 9 && hasBech32Prefix(t), validate: (m) => isValidSegwitAddress(m) },
      {
        name: 'eth address',
        entity: 'CRYPTO',
        regex: ETH,
        score: 0.6,
        prefilter: (f) => f.longestAlnumRun >= 42,
        // Mixed case carries an EIP-55 checksum (must pass); single-case addresses have none.
        validate: (m) => (hasEip55Checksum(m) ? isValidEthereumAddress(m) : undefined),
      },
    ],
    { prefilter: (f) => f.digits >= 1 && f.letters >= 6 },
  );
}
