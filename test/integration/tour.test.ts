import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { ParsedPutTransaction } from '../../lib/data/parsed-put';
import { startApi, type TestApi } from './harness';

/*
 * `npm run tour` (scripts/tour.sh), run as a newcomer would against the local runtime, so the README's tour
 * cannot rot. The script runs in a child process; the API answers from this one, so the call is asynchronous.
 */
jest.setTimeout(120_000);

/** Every entity the tour puts in a transaction: the items checked below cover each of them. */
const TOUR_ENTITIES = [
  'Assessment',
  'AuditRecord',
  'CaseCode',
  'Checkpoint',
  'Child',
  'Consent',
  'EmergencyGrant',
  'Flag',
  'FlagLocator',
  'IdempotencyRecord',
  'OutcomeCell',
  'OutcomeRow',
  'Plan',
  'PlanAgendaEntry',
  'PlanVersion',
  'Referral',
  'ReferralLocator',
  'Visit',
];

let api: TestApi;
const puts = jest.spyOn(ParsedPutTransaction.prototype, 'params');

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  puts.mockRestore();
  await api.close();
});

describe('the tour', () => {
  it('walks every step against a fresh local runtime with exit 0, whatever today’s date', async () => {
    const script = path.resolve(__dirname, '../../scripts/tour.sh');
    const { stdout } = await promisify(execFile)('sh', [script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BASE: api.url },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`the tour failed (exit ${error.code}):\n${(error.stdout ?? '').slice(-3000)}\n${error.stderr ?? ''}`);
    });
    expect(stdout).toContain('201 idempotent-replayed: true');
    // The missed visit and the NGO referral left past its due day.
    expect(stdout).toMatch(/"missed":1,"flagsRaised":2,"escalated":1,"remindersSent":1/);
    expect(stdout).toMatch(/referral consent[^\n]*\n409\n/);
    expect(stdout).toContain('"status":"delivered"');
    expect(stdout).toMatch(/"resolution":\{[^}]*"referralId"/);
    expect(stdout).toContain('409 with a stale plan version');
    expect(stdout).toMatch(/"domain":"housing","goal":"A stable place at the aunt’s flat\.","status":"open","actions":\[[^\]]*\],"needsReview":true/);
    expect(stdout).toContain('200 during the grant');
    expect(stdout.trimEnd().endsWith('The tour is complete.')).toBe(true);
  });
});

describe('the items the tour writes', () => {
  it('are, put by put, what dynamodb-toolbox’s own PutTransaction writes for the same item and options', () => {
    // Each put's params are asked again: sending a transaction takes its items' ToolboxItem out of what they returned.
    const written = new Set<string>();
    for (const put of [...puts.mock.contexts] as ParsedPutTransaction[]) {
      expect(put.params()).toStrictEqual(new PutTransaction(put.entity, put.given.item, put.given.options).params());
      written.add(put.entity.entityName);
    }
    expect([...written].sort()).toEqual(TOUR_ENTITIES);
  });
});
