import { getRandomValues } from 'node:crypto';
import { monotonicFactory, type ULIDFactory } from 'ulidx';

/**
 * ulidx draws its randomness one byte per call, from a new one-byte array each time (16 calls per id); these ids come
 * from a pool of random bytes refilled a page at a time. Same source (the system's CSPRNG), same mapping of a byte to
 * a character as ulidx's own, a hundredth of the calls (issue 19).
 */
function pooledRandom(pageBytes = 4_096): () => number {
  const pool = new Uint8Array(pageBytes);
  let next = pageBytes;
  return () => {
    if (next === pageBytes) {
      getRandomValues(pool);
      next = 0;
    }
    const byte = pool[next] ?? 0;
    next += 1;
    return byte / 0xff;
  };
}

/**
 * A source of ULIDs in creation order, one per container: ids generated in the same millisecond still sort in the
 * order they were made. Under a clock set back (only the local runtime's movable clock can), an id keeps the latest
 * time the container has seen.
 */
export const newUlidFactory = (): ULIDFactory => monotonicFactory(pooledRandom());
