import { detect, found } from './recognizers/pattern-detection.spec-helper';

// Personal data written to slip past detection: each is found, and the span covers the original text.
describe('evasions', () => {
  it('full-width digits and letters (NFKC)', () => {
    expect(found('card ４１１１ １１１１ １１１１ １１１１ ok', 'CREDIT_CARD')).toEqual(['４１１１ １１１１ １１１１ １１１１']);
    expect(found('write ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ now', 'EMAIL_ADDRESS')).toEqual(['ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ']);
    expect(found('SSN ５３６-３２-３０６５', 'US_SSN')).toEqual(['５３６-３２-３０６５']);
  });

  it('zero-width characters and soft hyphens inside e-mails and numbers', () => {
    expect(found('mail jo\u200Bhn@exam\u200Dple.com today', 'EMAIL_ADDRESS')).toEqual(['jo\u200Bhn@exam\u200Dple.com']);
    expect(found('SSN 536\u200B-32-30\uFEFF65.', 'US_SSN')).toEqual(['536\u200B-32-30\uFEFF65']);
    expect(found('card 4111\u206011111111111\u00AD1', 'CREDIT_CARD')).toEqual(['4111\u206011111111111\u00AD1']);
    expect(found('call (212) 555\u200C-0199', 'PHONE_NUMBER')).toEqual(['(212) 555\u200C-0199']);
  });

  it('e-mails right after "..." or an ellipsis, or before "--"', () => {
    expect(found('contact...ann.lee@example.org', 'EMAIL_ADDRESS')).toEqual(['ann.lee@example.org']);
    expect(found('contact…ann.lee@example.org', 'EMAIL_ADDRESS')).toEqual(['ann.lee@example.org']);
    expect(found('ann.lee@example.org--see you', 'EMAIL_ADDRESS')).toEqual(['ann.lee@example.org']);
    expect(found('ann.lee@example.org- bye', 'EMAIL_ADDRESS')).toEqual(['ann.lee@example.org']);
    // A dot-atom is still matched whole, never from its middle.
    expect(found('x first.last@example.org', 'EMAIL_ADDRESS')).toEqual(['first.last@example.org']);
  });

  it('internationalised e-mail addresses (Unicode local part and domain, punycode)', () => {
    expect(found('to josé.garcía@correo.es please', 'EMAIL_ADDRESS')).toEqual(['josé.garcía@correo.es']);
    expect(found('an user@bücher.de note', 'EMAIL_ADDRESS')).toEqual(['user@bücher.de']);
    expect(found('an info@xn--bcher-kva.de note', 'EMAIL_ADDRESS')).toEqual(['info@xn--bcher-kva.de']);
    expect(found('почта пользователь@пример.рф', 'EMAIL_ADDRESS')).toEqual(['пользователь@пример.рф']);
    expect(found('mail 用户@例子.广告 ok', 'EMAIL_ADDRESS')).toEqual(['用户@例子.广告']);
    expect(found('mail a.b@host.xn--p1ai ok', 'EMAIL_ADDRESS')).toEqual(['a.b@host.xn--p1ai']);
  });

  it('card numbers grouped with dots or double spaces (Luhn still required)', () => {
    expect(found('card 4111.1111.1111.1111 ok', 'CREDIT_CARD')).toEqual(['4111.1111.1111.1111']);
    expect(found('card 4111  1111  1111  1111 ok', 'CREDIT_CARD')).toEqual(['4111  1111  1111  1111']);
    expect(found('amex 3782  822463  10005', 'CREDIT_CARD')).toEqual(['3782  822463  10005']);
    expect(found('card 4111.1111.1111.1112 ok', 'CREDIT_CARD')).toEqual([]);
    expect(found('value 4.111111111111111 ok', 'CREDIT_CARD')).toEqual([]);
    expect(found('card 4111.1111 1111-1111', 'CREDIT_CARD')).toEqual([]);
  });

  it('SSNs with spaces (SSA rules apply), not inside longer digit groups', () => {
    expect(found('ssn 536 32 3065 on file', 'US_SSN')).toEqual(['536 32 3065']);
    expect(found('536 32 3065', 'US_SSN', 'ssn')).toEqual(['536 32 3065']);
    // Without context the digits may read as a phone number: masked either way, as one span.
    expect(detect('number 536 32 3065').map(([, value]) => value)).toEqual(['536 32 3065']);
    expect(found('ssn 000 32 3065 or 536 00 3065', 'US_SSN')).toEqual([]);
    expect(found('tracking 1 536 32 3065 9', 'US_SSN')).toEqual([]);
  });

  it('bare digit runs are phones when the field name or nearby words say so', () => {
    expect(found('5550100234', 'PHONE_NUMBER', 'phone')).toEqual(['5550100234']);
    expect(found('5550100234', 'PHONE_NUMBER', 'contact_mobile')).toEqual(['5550100234']);
    expect(found('call me on 5550100234 tonight', 'PHONE_NUMBER')).toEqual(['5550100234']);
    expect(found('5550100234', 'PHONE_NUMBER')).toEqual([]);
    expect(found('batch 5550100234 shipped', 'PHONE_NUMBER')).toEqual([]);
  });
});
