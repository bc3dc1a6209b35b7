import { analyzer, detect, found } from './pattern-detection.spec-helper';

describe('EMAIL_ADDRESS', () => {
  it('finds addresses in sentences (validated)', () => {
    expect(found('Write to harold.smith@gmail.com today.', 'EMAIL_ADDRESS')).toEqual(['harold.smith@gmail.com']);
    expect(found('cc: a.b+tag@mail.example.co.uk, thanks', 'EMAIL_ADDRESS')).toEqual(['a.b+tag@mail.example.co.uk']);
    expect(analyzer.analyze('x harold.smith@gmail.com')[0]).toMatchObject({ validated: true, score: 1 });
  });
  it('reports no URL inside an e-mail address (Presidio #951)', () => {
    expect(detect('Contact harold.smith@gmail.com for details')).toEqual([['EMAIL_ADDRESS', 'harold.smith@gmail.com']]);
  });
  it('rejects near misses', () => {
    expect(found('user@localhost and @handle and a@b.c', 'EMAIL_ADDRESS')).toEqual([]);
  });
});
