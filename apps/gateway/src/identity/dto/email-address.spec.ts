import { isEmailAddress } from './email-address';

describe('isEmailAddress', () => {
  it('accepts addresses, with or without a TLD', () => {
    expect(['ada@example.com', 'admin@atlas.local', 'root@localhost'].map(isEmailAddress)).toEqual([true, true, true]);
  });

  it('refuses without throwing what is not an address: lone surrogates, other text, other types', () => {
    expect(['x\udc00y', 'a\ud800@b.c', 'x@y\udc00', 'plain', '', 42, null].map(isEmailAddress)).toEqual([false, false, false, false, false, false, false]);
  });
});
