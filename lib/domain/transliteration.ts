/**
 * How a name can appear inside an ASCII text such as a case code. A social worker in Skopje or Belgrade types a
 * child's name in Cyrillic or in Latin script, with or without diacritics, and writes a case code in plain ASCII:
 * Марија Петровска becomes MARIJA-PETROVSKA, Ђорђевић becomes DJORDJEVIC, DORDEVIC or DJORDJEVICH. To see the
 * name in the code, both are brought to the same alphabet: lower case, Cyrillic transliterated, diacritics dropped,
 * everything but letters and digits removed.
 */

/** A letter's two ASCII spellings: the one with digraphs (š → sh) and the one with the bare base letter (š → s). */
type Spellings = readonly [digraph: string, plain: string];

const same = (latin: string): Spellings => [latin, latin];

/**
 * Serbian and Macedonian Cyrillic (lower case; upper case is lowered first), and the Latin letters of the same
 * alphabets whose ASCII spelling is not simply the letter without its diacritic. Both spellings are common: the
 * digraph one in passports and English (Petrovich, Zhivkov, Gjorgji), the bare one when diacritics are dropped.
 */
const LETTERS: Readonly<Record<string, Spellings>> = {
  а: same('a'),
  б: same('b'),
  в: same('v'),
  г: same('g'),
  ѓ: ['gj', 'g'],
  д: same('d'),
  ђ: ['dj', 'd'],
  е: same('e'),
  ж: ['zh', 'z'],
  з: same('z'),
  ѕ: same('dz'),
  и: same('i'),
  ј: same('j'),
  к: same('k'),
  л: same('l'),
  љ: same('lj'),
  м: same('m'),
  н: same('n'),
  њ: same('nj'),
  о: same('o'),
  п: same('p'),
  р: same('r'),
  с: same('s'),
  т: same('t'),
  ќ: ['kj', 'k'],
  ћ: ['ch', 'c'],
  у: same('u'),
  ф: same('f'),
  х: same('h'),
  ц: same('c'),
  ч: ['ch', 'c'],
  џ: ['dzh', 'dz'],
  ш: ['sh', 's'],
  // The same sounds in Latin script (Serbian, Croatian, Bosnian, Montenegrin Latin; Macedonian Latin ǵ, ḱ).
  đ: ['dj', 'd'],
  ž: ['zh', 'z'],
  ć: ['ch', 'c'],
  č: ['ch', 'c'],
  š: ['sh', 's'],
  ǵ: ['gj', 'g'],
  ḱ: ['kj', 'k'],
  // Latin letters that Unicode decomposition does not take apart.
  ł: same('l'),
  ø: same('o'),
  æ: same('ae'),
  œ: same('oe'),
  þ: same('th'),
  ß: same('ss'),
  ı: same('i'),
};

/**
 * The digraphs that stand for one letter of the alphabets above, folded to a single letter. People mix the two
 * spellings within one name (DJORDEVIC for Đorđević), and listing every mix grows as 2^n with the number of such
 * letters; folding both the name and the code makes every mix compare equal.
 */
const fold = (ascii: string): string => ascii.replace(/zh|sh|ch|dj|gj|kj/g, (digraph) => digraph.charAt(0));

/** One character's spellings; a letter of another script is kept as it is, so it never matches ASCII by accident. */
function spellChar(char: string): Spellings {
  const known = LETTERS[char];
  if (known) return known;
  // Decomposition separates base letters from diacritics (é → e + ´, Ѐ → Е + `): keep the letters, drop the marks.
  const base = [...char.normalize('NFKD').replace(/\p{M}/gu, '')];
  // A separator or a symbol is spelled as nothing.
  // Stryker disable next-line ArrayDeclaration: equivalent — join() spells a missing member as '' too
  const nothing: Spellings = ['', ''];
  const spelled = base.map((c) => LETTERS[c] ?? (/[\p{L}\p{N}]/u.test(c) ? [c, c] : nothing));
  return [spelled.map((s) => s[0]).join(''), spelled.map((s) => s[1]).join('')];
}

/**
 * The comparable forms of a text: lower case, Cyrillic transliterated, diacritics stripped, separators removed;
 * once with digraphs, once with bare letters, and both folded. Digits are kept. "Đorđe" gives djordje and dorde;
 * "MARIJA-PETROVSKA" gives marijapetrovska.
 */
export function comparableForms(text: string): string[] {
  const chars = [...text.normalize('NFC').toLowerCase().normalize('NFC')].map(spellChar);
  const digraph = chars.map((s) => s[0]).join('');
  const plain = chars.map((s) => s[1]).join('');
  return [...new Set([digraph, plain, fold(digraph), fold(plain)])];
}

/**
 * Whether `text` contains `name` in any spelling people use for it. A form of the name shorter than `minLength`
 * is not looked for: two letters occur in too many codes by chance.
 */
export function containsName(text: string, name: string, minLength = 3): boolean {
  const haystacks = comparableForms(text);
  return comparableForms(name).some((form) => form.length >= minLength && haystacks.some((hay) => hay.includes(form)));
}
