import { decodeTime, isValid } from 'ulidx';
import { newUlidFactory } from '../../lib/ids';

describe('ids: ULIDs from a pooled random source, in creation order', () => {
  const at = Date.parse('2026-06-15T10:00:00Z');

  it('every id is a valid ULID carrying the time it was made for', () => {
    const ulid = newUlidFactory();
    const id = ulid(at);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
  });

  it('ids made in the same millisecond are distinct and sort in the order they were made', () => {
    const ulid = newUlidFactory();
    const ids = Array.from({ length: 10_000 }, () => ulid(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('the random part is drawn afresh across pool refills: two sources never start alike, and every character occurs', () => {
    const firsts = Array.from({ length: 200 }, () => newUlidFactory()(at));
    expect(new Set(firsts).size).toBe(firsts.length);
    const ulid = newUlidFactory();
    // 5,000 milliseconds, 16 random characters each: several refills of the 4 KB pool.
    const characters = new Set(Array.from({ length: 5_000 }, (_, i) => ulid(at + i).slice(10)).join(''));
    expect(characters.size).toBe(32);
  });
});
