import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_FILE } from '../lib/api/served-contract';
import { openApiDocument } from '../lib/api/openapi';
import type { NamedRoute } from '../lib/api/route';
import { REPO_ROOT } from './paths';

/**
 * Writes the contract of the stack's routes to CONTRACT_FILE, from the same route table as the routes themselves.
 * Written to a file of its own and renamed into place: two synthesizes at once (the test workers) never let a bundle
 * copy half a document.
 */
export function writeContract(routes: readonly NamedRoute[]): void {
  const file = path.join(REPO_ROOT, CONTRACT_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(openApiDocument(routes)));
  renameSync(partial, file);
}
