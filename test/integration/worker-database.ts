import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The DynamoDB Local this file runs on: one of its jest worker's instances (global-setup.ts), the next in turn, so
// no instance is ever shared with another worker's files and each holds a share of the worker's stream records.
const endpoints = (process.env.TEST_DYNAMODB_ENDPOINTS ?? '').split(' ').filter(Boolean);
if (endpoints.length > 0) {
  const workers = Number(process.env.TEST_DYNAMODB_WORKERS ?? '1');
  const worker = (Number(process.env.JEST_WORKER_ID ?? '1') - 1) % workers;
  const own = endpoints.filter((_, index) => index % workers === worker);
  // A worker runs one file at a time, so its count needs no lock.
  const turns = path.join(process.env.TEST_DYNAMODB_TURNS ?? '', `worker-${worker}`);
  const turn = existsSync(turns) ? Number(readFileSync(turns, 'utf8')) : 0;
  writeFileSync(turns, String(turn + 1));
  process.env.TEST_DYNAMODB_ENDPOINT = own[turn % own.length];
}
