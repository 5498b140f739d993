import { comparableForms, containsName } from '../../../lib/domain/transliteration';

describe('transliteration of the alphabets a name may be typed in (every letter, both spellings)', () => {
  it('the Macedonian Cyrillic alphabet, with digraphs (ѓ gj, ж zh, ќ kj, ч ch, џ dzh, ш sh) and with bare letters', () => {
    expect(comparableForms('АБВГДЃЕЖЗЅИЈКЛЉМНЊОПРСТЌУФХЦЧЏШ')).toEqual([
      'abvgdgjezhzdzijklljmnnjoprstkjufhcchdzhsh',
      'abvgdgezzdzijklljmnnjoprstkufhccdzs',
    ]);
  });

  it('the Serbian Cyrillic letters Macedonian has not: ђ dj or d, ћ ch or c', () => {
    expect(comparableForms('ђаћа')).toEqual(['djacha', 'daca']);
  });

  it('the Latin letters of the same sounds: š đ č ć ž, and Macedonian Latin ǵ ḱ', () => {
    expect(comparableForms('šđčćžǵḱ')).toEqual(['shdjchchzhgjkj', 'sdcczgk']);
  });

  it('Latin letters that Unicode does not decompose are spelled as ASCII: ł ø æ œ þ ß ı', () => {
    expect(comparableForms('łøæœþßı')).toEqual(['loaeoethssi']);
  });

  it('a mixed spelling of digraphs and bare letters still finds the name (Đorđević in DJORDEVIC)', () => {
    expect(containsName('DJORDEVIC-2026', 'Ђорђевић')).toBe(true);
    expect(containsName('ZIVKOV-1', 'Живков')).toBe(true);
    expect(containsName('OVEN-1', 'Øven')).toBe(true);
  });

  it('a shorter form can be looked for when asked, and a longer minimum skips a name', () => {
    expect(containsName('AB-2026', 'Ab', 2)).toBe(true);
    expect(containsName('ANA-2026', 'Ана', 4)).toBe(false);
  });

  it.each([
    ['SHISKOVSKI-1', 'Шишковски'],
    ['CHACAK-1', 'Чачак'],
    ['GJORGIEV-1', 'Ѓорѓиев'],
    ['KJIRKOV-1', 'Ќирќов'],
  ])('every digraph letter may be spelled both ways in one name: %s names %s', (code, name) => {
    expect(containsName(code, name)).toBe(true);
  });

  it('every digraph of a code is folded, not only the first: SHASHA names Sasa', () => {
    expect(containsName('SHASHA-1', 'Sasa')).toBe(true);
  });

  it('the Latin ligature letters of Serbian and Croatian (ǉ ǌ ǆ) are spelled as the letters they join', () => {
    expect(comparableForms('ǉǌǆ')).toEqual(['ljnjdz']);
    expect(containsName('LJUBICA-1', 'Ǉubica')).toBe(true);
  });
});
