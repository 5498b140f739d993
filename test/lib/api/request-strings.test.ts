import { routeList } from '../../../lib/api/routes';
import { textSchema, visibleLength } from '../../../lib/api/schemas/common';
import { EmergencyAccessRequestSchema } from '../../../lib/api/schemas/children';
import { requestStrings } from '../../support/schema-walk';

const leaves = requestStrings(routeList).map(({ operationId, where, schema }) => [`${operationId} ${where}`, schema] as const);

/** Strings with a lone surrogate at the start, the middle and the end, long enough to pass any minimum length. */
const probes = ['\ud800', '\udfff', `${'a'.repeat(30)}\ud800`, `\udc00${'b'.repeat(30)}`, `${'c'.repeat(15)}\ud83d${'d'.repeat(15)}`];

describe('lone UTF-16 surrogates are refused (400) in every string a request can carry', () => {
  it('the walk finds the request strings (free text, ids, codes, the cursor)', () => {
    const where = leaves.map(([w]) => w);
    expect(where).toEqual(expect.arrayContaining(['enrolChild body.givenName', 'enrolChild body.familyName', 'logVisit body.notes', 'listChildren query.cursor']));
  });

  it.each(leaves)('%s refuses a string with a lone surrogate', (_where, leaf) => {
    for (const probe of probes) expect(leaf.safeParse(probe).success).toBe(false);
  });

  it('the free-text schema refuses a lone surrogate with its own message, and accepts a surrogate pair (an emoji)', () => {
    const result = textSchema(100).safeParse('note \ud800');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must not contain a lone UTF-16 surrogate (invalid Unicode)']);
    expect(textSchema(100).safeParse('note 😀').success).toBe(true);
  });
});

describe('invisible characters do not count toward a minimum text length', () => {
  const invisible = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u2060', '\u200e', '\u202e', '\u3164', '\ufe0f', '\u2800', '\u00a0', '\u3000', '\t'];

  it.each(invisible.map((char) => [`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, char]))(
    '%s alone is blank: refused where text is required',
    (_name, char) => {
      expect(textSchema(100).safeParse(char.repeat(5)).success).toBe(false);
      expect(visibleLength(char.repeat(5))).toBe(0);
    },
  );

  it('an emergency-access reason of 25 zero-width spaces is refused with the reason’s own message', () => {
    const result = EmergencyAccessRequestSchema.safeParse({ reason: '\u200b'.repeat(25) });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['reason'], message: 'say why, in at least 20 characters: the reason is reviewed' }),
    ]);
  });

  it('19 letters padded with invisible characters to 40 are still fewer than 20', () => {
    const reason = `${'x'.repeat(19)}${'\u200b\u00ad'.repeat(10)}`;
    expect(EmergencyAccessRequestSchema.safeParse({ reason }).success).toBe(false);
  });

  it('20 visible characters are enough, and the text is kept as typed (joiners stay inside an emoji)', () => {
    const reason = 'Child not at school 👩‍👧 since Monday';
    expect(EmergencyAccessRequestSchema.parse({ reason })).toEqual({ reason });
  });

  it('visibleLength counts code points: an emoji is one, a Cyrillic letter is one', () => {
    expect(visibleLength('😀')).toBe(1);
    expect(visibleLength('Марија')).toBe(6);
    expect(visibleLength(' a\u200bb ')).toBe(2);
  });
});
