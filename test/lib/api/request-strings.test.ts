import type * as z from 'zod';
import { routeList } from '../../../lib/api/routes';
import { textSchema, visibleLength } from '../../../lib/api/schemas/common';
import { EmergencyAccessRequestSchema } from '../../../lib/api/schemas/children';

/** The parts of a zod 4 definition this walk follows; the rest of a definition is irrelevant here. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

/** Every string schema a request part can reach, with where it sits (`ancestors` stops a recursive schema). */
function stringLeaves(schema: z.ZodType, where: string, ancestors: ReadonlySet<z.ZodType> = new Set()): Array<[string, z.ZodType]> {
  if (ancestors.has(schema)) return [];
  const def = schema.def as unknown as Def;
  if (def.type === 'string') return [[where, schema]];
  const children: Array<[string, z.ZodType | null | undefined]> = [
    ...Object.entries(def.shape ?? {}).map(([key, child]): [string, z.ZodType] => [`${where}.${key}`, child]),
    [where, def.innerType],
    [where, def.in],
    [where, def.out],
    [`${where}[]`, def.element],
    ...(def.options ?? []).map((option): [string, z.ZodType] => [where, option]),
    [where, def.left],
    [where, def.right],
    [`${where}{key}`, def.keyType],
    [`${where}{}`, def.valueType],
    ...(def.items ?? []).map((item, i): [string, z.ZodType] => [`${where}[${i}]`, item]),
    [`${where}[]`, def.rest],
    [where, def.getter?.()],
  ];
  const inside = new Set([...ancestors, schema]);
  return children.flatMap(([path, child]) => (child ? stringLeaves(child, path, inside) : []));
}

const parts = ['path', 'query', 'headers', 'body'] as const;
const leaves = routeList.flatMap((route) =>
  parts.flatMap((part) => {
    const schema = route.request[part];
    return schema ? stringLeaves(schema, part).map(([where, leaf]) => [`${route.operationId} ${where}`, leaf] as const) : [];
  }),
);

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
