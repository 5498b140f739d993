import { decodeCursor, decodeMergedCursor, encodeCursor, encodeMergedCursor, type StartKey } from '../../../lib/data/cursor';
import { keyAttributes } from '../../../lib/data/pages';
import { InvalidInput } from '../../../lib/domain/errors';
import { toProblem } from '../../../lib/http/problem-response';

const partition = { gsi1pk: 'WORKER#worker-1#CHILDREN#active' };
const lastKey = { pk: 'CHILD#01ARZ3NDEKTSV4RRFFQ69G5FAV', sk: 'CHILD', gsi1pk: 'WORKER#worker-1#CHILDREN#active', gsi1sk: 'SK-2025-0042' };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectInvalidCursor(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInput);
  // The caller is told which field, as a 400 with nothing written.
  const problem = toProblem(thrown);
  expect(problem.status).toBe(400);
  expect(problem.extensions()).toEqual({ errors: [{ path: 'query.cursor', message: 'is not a cursor returned for this list' }] });
}

describe('encodeCursor / decodeCursor: an opaque cursor continues the same list and nothing else', () => {
  it('round trip: the decoded cursor is the LastEvaluatedKey that was encoded', () => {
    const cursor = encodeCursor(lastKey);
    expect(typeof cursor).toBe('string');
    expect(decodeCursor(cursor!, partition)).toEqual(lastKey);
  });

  it('the cursor is URL-safe (base64url: no +, / or =)', () => {
    const cursor = encodeCursor({ ...lastKey, gsi1sk: '>>>???~~~ÿÿÿ' })!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, partition)).toMatchObject({ gsi1sk: '>>>???~~~ÿÿÿ' });
  });

  it('the last page has no next cursor (null)', () => {
    expect(encodeCursor(undefined)).toBeNull();
  });

  it('no cursor means the first page (undefined)', () => {
    expect(decodeCursor(undefined, partition)).toBeUndefined();
  });

  it('every partition attribute of the query must match; several are checked', () => {
    const key = { gsi2pk: 'ORG#org-1#FLAGS#open', shelf: 'open', gsi2sk: '2025-01-01' };
    expect(decodeCursor(encodeCursor(key)!, { gsi2pk: 'ORG#org-1#FLAGS#open', shelf: 'open' })).toEqual(key);
    expectInvalidCursor(() => decodeCursor(encodeCursor(key)!, { gsi2pk: 'ORG#org-1#FLAGS#open', shelf: 'resolved' }));
  });

  it("a cursor of another caseload (another partition) is 400 at query.cursor, so it never moves a caller into somebody else's list", () => {
    const othersCursor = encodeCursor({ ...lastKey, gsi1pk: 'WORKER#worker-2#CHILDREN#active' })!;
    expectInvalidCursor(() => decodeCursor(othersCursor, partition));
  });

  it('a cursor of the same worker’s other list (closed cases) is 400', () => {
    const closedCursor = encodeCursor({ ...lastKey, gsi1pk: 'WORKER#worker-1#CHILDREN#closed' })!;
    expectInvalidCursor(() => decodeCursor(closedCursor, partition));
  });

  it('a cursor without the partition attribute is 400', () => {
    const { gsi1pk: _dropped, ...rest } = lastKey;
    expectInvalidCursor(() => decodeCursor(encodeCursor(rest)!, partition));
  });

  it('a cursor edited to point into another partition is 400', () => {
    const cursor = encodeCursor(lastKey)!;
    const edited = encode({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')), gsi1pk: 'WORKER#victim#CHILDREN#active' });
    expectInvalidCursor(() => decodeCursor(edited, { gsi1pk: 'WORKER#worker-1#CHILDREN#active' }));
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['an empty string', ''],
    ['a truncated cursor', encodeCursor(lastKey)!.slice(0, 20)],
    ['a JSON array', encode([partition])],
    ['a JSON string', encode('WORKER#worker-1#CHILDREN#active')],
    ['JSON null', encode(null)],
    ['a number value', encode({ ...partition, gsi1sk: 7 })],
    ['a nested object', encode({ ...partition, gsi1sk: { S: 'x' } })],
    ['a value longer than 512', encode({ ...partition, gsi1sk: 'x'.repeat(513) })],
    ['an attribute name longer than 64', encode({ ...partition, ['a'.repeat(65)]: 'x' })],
  ])('a tampered cursor (%s) is 400 at query.cursor', (_what, cursor) => {
    expectInvalidCursor(() => decodeCursor(cursor, partition));
  });

  it('an empty partition checks only the shape', () => {
    expect(decodeCursor(encode({ a: 'b' }), {})).toEqual({ a: 'b' });
  });
});

describe('merged cursors: where each of an officer’s municipality lists stands', () => {
  const partitions: Record<string, StartKey> = {
    'MUNI#skopje#FLAGS#open': { gsi4pk: 'MUNI#skopje#FLAGS#open' },
    'MUNI#bitola#FLAGS#open': { gsi4pk: 'MUNI#bitola#FLAGS#open' },
  };
  const position = {
    'MUNI#skopje#FLAGS#open': { gsi4pk: 'MUNI#skopje#FLAGS#open', gsi4sk: '2025-05-01#f1', pk: 'FLAG#f1', sk: 'FLAG' },
    'MUNI#bitola#FLAGS#open': null,
  };

  it('round trip: every list’s start key, and null for an exhausted list', () => {
    expect(decodeMergedCursor(encodeMergedCursor(position)!, partitions)).toEqual(position);
  });

  it('no next cursor once every list is exhausted', () => {
    expect(encodeMergedCursor({ a: null, b: null })).toBeNull();
    expect(encodeMergedCursor({})).toBeNull();
  });

  it('no cursor means the first page', () => {
    expect(decodeMergedCursor(undefined, partitions)).toBeUndefined();
  });

  it('a cursor naming a municipality that is not the caller’s is 400', () => {
    const cursor = encodeMergedCursor({
      'MUNI#skopje#FLAGS#open': null,
      'MUNI#ohrid#FLAGS#open': { gsi4pk: 'MUNI#ohrid#FLAGS#open', gsi4sk: 'x' },
    })!;
    expectInvalidCursor(() => decodeMergedCursor(cursor, partitions));
  });

  it('a cursor of fewer or more lists than the caller’s is 400', () => {
    expectInvalidCursor(() => decodeMergedCursor(encode({ 'MUNI#skopje#FLAGS#open': position['MUNI#skopje#FLAGS#open'] }), partitions));
    expectInvalidCursor(() =>
      decodeMergedCursor(encode({ ...position, 'MUNI#ohrid#FLAGS#open': null }), partitions),
    );
  });

  it('a start key filed under the caller’s municipality but pointing into another partition is 400', () => {
    const cursor = encode({ ...position, 'MUNI#bitola#FLAGS#open': { gsi4pk: 'MUNI#ohrid#FLAGS#open', gsi4sk: 'x' } });
    expectInvalidCursor(() => decodeMergedCursor(cursor, partitions));
  });

  it.each([
    ['garbage', 'garbage'],
    ['a plain (unmerged) cursor', encodeCursor({ gsi4pk: 'MUNI#skopje#FLAGS#open' })!],
    ['a JSON array', encode([null, null])],
    ['a start key with a number value', encode({ ...position, 'MUNI#bitola#FLAGS#open': { gsi4pk: 1 } })],
  ])('a tampered merged cursor (%s) is 400 at query.cursor', (_what, cursor) => {
    expectInvalidCursor(() => decodeMergedCursor(cursor, partitions));
  });
});

describe('a malformed cursor is 400, not 500: a start key must have the shape of the key of the table or index queried', () => {
  const attributes = keyAttributes(partition);

  it('the key of a global index query is the table key and the index key', () => {
    expect(keyAttributes({ gsi1pk: 'x' })).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
    expect(keyAttributes({ gsi4pk: 'x' })).toEqual(['pk', 'sk', 'gsi4pk', 'gsi4sk']);
  });

  it('the key of a local index query adds the index sort key; of a table query, the table key only', () => {
    expect(keyAttributes({ pk: 'CHILD#1' }, 'byDate')).toEqual(['pk', 'sk', 'lsi1sk']);
    expect(keyAttributes({ pk: 'AUDIT#1' })).toEqual(['pk', 'sk']);
  });

  it('a LastEvaluatedKey of the right shape still round-trips', () => {
    expect(decodeCursor(encodeCursor(lastKey)!, partition, attributes)).toEqual(lastKey);
  });

  it.each([
    ['only the partition attribute', { gsi1pk: lastKey.gsi1pk }],
    ['the table sort key missing', { ...lastKey, sk: undefined }],
    ['the index sort key missing', { ...lastKey, gsi1sk: undefined }],
    ['an extra attribute', { ...lastKey, extra: 'x' }],
    ['another index’s attribute', { ...lastKey, gsi2pk: 'ORG#org-1#CHILDREN#active' }],
    ['an empty table key', { ...lastKey, pk: '' }],
    ['an empty index sort key', { ...lastKey, gsi1sk: '' }],
  ])('a cursor with %s is 400 at query.cursor', (_what, key) => {
    expectInvalidCursor(() => decodeCursor(encode(key), partition, attributes));
  });

  it('a local index cursor without the index sort key, or a table cursor with one, is 400', () => {
    const lsiKey = { pk: 'CHILD#1', sk: 'VISIT#2', lsi1sk: 'VISIT#2026-01-01#2' };
    expect(decodeCursor(encode(lsiKey), { pk: 'CHILD#1' }, keyAttributes({ pk: 'CHILD#1' }, 'byDate'))).toEqual(lsiKey);
    expectInvalidCursor(() => decodeCursor(encode({ pk: 'CHILD#1', sk: 'VISIT#2' }), { pk: 'CHILD#1' }, keyAttributes({ pk: 'CHILD#1' }, 'byDate')));
    expectInvalidCursor(() => decodeCursor(encode(lsiKey), { pk: 'CHILD#1' }, keyAttributes({ pk: 'CHILD#1' })));
  });

  describe('merged cursors', () => {
    const partitions: Record<string, StartKey> = {
      'MUNI#skopje#FLAGS#open': { gsi4pk: 'MUNI#skopje#FLAGS#open' },
      'MUNI#bitola#FLAGS#open': { gsi4pk: 'MUNI#bitola#FLAGS#open' },
    };
    const full = { gsi4pk: 'MUNI#skopje#FLAGS#open', gsi4sk: '2025-05-01#f1', pk: 'CHILD#c1', sk: 'FLAG#f1' };

    it('a list that has not started ({}) or is exhausted (null) is accepted next to a full start key', () => {
      const position = { 'MUNI#skopje#FLAGS#open': full, 'MUNI#bitola#FLAGS#open': {} };
      expect(decodeMergedCursor(encode(position), partitions, keyAttributes)).toEqual(position);
      const exhausted = { 'MUNI#skopje#FLAGS#open': full, 'MUNI#bitola#FLAGS#open': null };
      expect(decodeMergedCursor(encode(exhausted), partitions, keyAttributes)).toEqual(exhausted);
    });

    it.each([
      ['only the partition attribute', { gsi4pk: full.gsi4pk }],
      ['the table key missing', { gsi4pk: full.gsi4pk, gsi4sk: full.gsi4sk }],
      ['an extra attribute', { ...full, extra: 'x' }],
      ['an empty sort key', { ...full, gsi4sk: '' }],
    ])('a list’s start key with %s is 400 at query.cursor', (_what, key) => {
      expectInvalidCursor(() => decodeMergedCursor(encode({ 'MUNI#skopje#FLAGS#open': key, 'MUNI#bitola#FLAGS#open': null }), partitions, keyAttributes));
    });
  });
});
