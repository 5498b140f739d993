import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a bench part's runs to bench/tmp/<name>.json (git-ignored, made on first use) and returns its path: the parts
 * run alone compare one commit with another, and are not the bench's published results.
 */
export function writeScratch(name: string, value: unknown): string {
  const dir = path.join(__dirname, 'tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ ranAt: new Date().toISOString(), ...(value as object) }, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}
