import { normalizeForDetection } from './normalization';

describe('normalizeForDetection', () => {
  it('returns ASCII and already normalised text unchanged, with identity offsets', () => {
    for (const text of ['plain ascii 123', 'Jägerhof Müller 東京']) {
      const normalized = normalizeForDetection(text);
      expect([normalized.text, normalized.changed, normalized.toOriginal(2, 5)]).toEqual([text, false, [2, 5]]);
    }
  });

  it('folds full-width forms (NFKC) and maps spans back to the original characters', () => {
    const text = 'tel ４１５－５５５ x';
    const normalized = normalizeForDetection(text);
    expect(normalized.text).toBe('tel 415-555 x');
    expect(normalized.toOriginal(4, 11)).toEqual([4, 11]);
  });

  it('removes zero-width characters and soft hyphens; a span covers the invisible characters inside it', () => {
    const text = 'mail a\u200Bn\u200Cn\u200D@\u2060x.\uFEFForg no\u00ADw';
    const normalized = normalizeForDetection(text);
    expect(normalized.text).toBe('mail ann@x.org now');
    expect(normalized.toOriginal(5, 14)).toEqual([5, text.indexOf('org') + 3]);
    expect(text.slice(...normalized.toOriginal(15, 18))).toBe('no\u00ADw');
  });

  it('maps expansions (ligatures, ellipsis) to their whole source character', () => {
    const text = 'ﬁle…ann';
    const normalized = normalizeForDetection(text);
    expect(normalized.text).toBe('file...ann');
    expect(normalized.toOriginal(0, 2)).toEqual([0, 1]);
    expect(normalized.toOriginal(7, 10)).toEqual([4, 7]);
  });

  it('keeps combining sequences together (composed by NFKC)', () => {
    const text = 'Jose\u0301 x';
    const normalized = normalizeForDetection(text);
    expect(normalized.text).toBe('José x');
    expect(normalized.toOriginal(0, 4)).toEqual([0, 5]);
  });

  it('leaves accented Latin text alone, but still folds Latin-1 compatibility characters and soft hyphens', () => {
    expect(normalizeForDetection('José Yılmaz, Łódź, Ærø').changed).toBe(false);
    expect(normalizeForDetection('x²ª½ y').text).toBe('x2a1⁄2 y');
    expect(normalizeForDetection('in\u00adfo@x.org').text).toBe('info@x.org');
    expect(normalizeForDetection('e\u0301 x').text).toBe('é x');
  });
});
