import type { SweepReport } from '../../lib/api/schemas/flags';
import { startApi, type TestApi } from './harness';
import { activeFlagsOf, buildCases, expectedSweep, seedTable, writeCases, type SeedGroup, type SeedTable } from './seed';

/**
 * DESIGN.md, Flags: the sweep raises each flag once, however often (or however concurrently) it runs, and its
 * cost grows with the number of due checkpoints, never with the size of the tables. Seeded straight into
 * DynamoDB Local (BatchWriteItem), swept through POST /sweeps.
 *
 * The tables have no stream (the runtime runs without its stream consumers): DynamoDB Local's writes to a
 * stream-enabled table slow down with every stream record the instance already holds (of any table, deleted or
 * not), so with streams the tens of thousands of records seeded here would slow every later test file on the
 * same instance. Without, the file takes its turn on its worker's instances like any other (global-setup.ts).
 */


const TODAY = '2026-06-20';
const NOW = `${TODAY}T09:00:00Z`;
const SEEDED_AT = '2026-06-01T08:00:00.000Z';

/**
 * Low risk (checkpoints at months 1, 3, 6, 9, 12, 18, 24, 36; grace 14 days). Seen from 2026-06-20:
 * enrolled 04-01 → checkpoint 1 (due 05-01, grace ended 05-15) is past grace, checkpoint 2 (07-01) is not;
 * enrolled 02-01 → checkpoints 1 (03-01) and 2 (05-01, grace ended 05-15) are past grace, 3 (08-01) is not;
 * enrolled 05-06 → checkpoint 1 is due 06-06 and its grace ends today: not missed yet;
 * enrolled 06-01 → nothing is due before 07-01.
 */
const ONE_PAST_GRACE = '2026-04-01';
const TWO_PAST_GRACE = '2026-02-01';
const GRACE_ENDS_TODAY = '2026-05-06';
const NOT_YET_DUE = '2026-06-01';

async function started(): Promise<{ api: TestApi; table: SeedTable; adminToken: string }> {
  // The stream consumers would follow every seeded record (an outcome refresh per child) while the sweep runs: they
  // are not what this file measures, and DynamoDB Local serves both on one core.
  const api = await startApi({ streams: false });
  await api.setClock(NOW);
  const adminToken = await api.tokenFor({ role: 'admin', sub: 'admin-1' });
  return { api, table: seedTable(api.tableName, process.env.TEST_DYNAMODB_ENDPOINT!), adminToken };
}

async function sweepOnce(api: TestApi, token: string): Promise<SweepReport> {
  const response = await api.request<SweepReport>('POST', '/sweeps', { token });
  if (response.status !== 200) throw new Error(`POST /sweeps: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** What the runs of one sweep add up to. */
type SweepTotal = Pick<SweepReport, 'checked' | 'missed' | 'flagsRaised' | 'escalated' | 'complete' | 'consumedCapacity'> & { runs: number };

/** Runs until a run reports `complete` (a run stops early when the Lambda's time runs short); sums the runs. */
async function sweepToCompletion(api: TestApi, token: string): Promise<SweepTotal> {
  const total: SweepTotal = { checked: 0, missed: 0, flagsRaised: 0, escalated: 0, complete: false, consumedCapacity: 0, runs: 0 };
  while (!total.complete && total.runs < 5) {
    const report = await sweepOnce(api, token);
    total.runs += 1;
    total.checked += report.checked;
    total.missed += report.missed;
    total.flagsRaised += report.flagsRaised;
    total.escalated += report.escalated;
    total.consumedCapacity += report.consumedCapacity;
    total.complete = report.complete;
  }
  return total;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

describe('the sweep over 2,000 children (16,000 checkpoints) raises every due flag exactly once', () => {
  let api: TestApi;
  let table: SeedTable;
  let adminToken: string;
  const groups: SeedGroup[] = [
    { count: 300, enrolledOn: ONE_PAST_GRACE },
    { count: 100, enrolledOn: TWO_PAST_GRACE },
    { count: 100, enrolledOn: GRACE_ENDS_TODAY },
    { count: 1500, enrolledOn: NOT_YET_DUE },
  ];
  const cases = buildCases(groups, { prefix: 'SCALE-A', at: SEEDED_AT });
  const expected = expectedSweep(cases, TODAY);

  beforeAll(async () => {
    ({ api, table, adminToken } = await started());
    expect(await writeCases(table, cases)).toBe(2_000 * 9);
  }, 120_000);
  afterAll(() => api?.close());

  it('the seed holds the intended mix: 300 + 2×100 past grace, so 500 missed_visit and 100 lost_contact are due', () => {
    expect(cases).toHaveLength(2_000);
    expect(cases.every((c) => c.checkpoints.length === 8)).toBe(true);
    expect(expected).toEqual({ missed: 500, lostContact: 100, flagsRaised: 600 });
  });

  it('one run marks exactly the checkpoints past grace, raises exactly the expected flags, and reads only the due index entries', async () => {
    const report = await sweepToCompletion(api, adminToken);
    expect(report).toMatchObject({ missed: expected.missed, flagsRaised: expected.flagsRaised, escalated: 0, complete: true });
    // At most one index entry per checkpoint past grace; the 15,500 others (the 100 whose grace ends today among
    // them) are never read. Fewer when a child's two entries fall on two pages: handling the child at the first
    // takes the second out of the index before its page is read.
    expect(report.checked).toBeGreaterThanOrEqual(400);
    expect(report.checked).toBeLessThanOrEqual(expected.missed);

    const flags = await activeFlagsOf(table, 'skopje');
    expect(flags).toHaveLength(expected.flagsRaised);
    expect(duplicates(flags.map((f) => `${f.childId}#${f.subject}`))).toEqual([]);
    expect(duplicates(flags.map((f) => f.flagId))).toEqual([]);
    expect(flags.filter((f) => f.type === 'missed_visit')).toHaveLength(expected.missed);
    expect(flags.filter((f) => f.type === 'lost_contact')).toHaveLength(expected.lostContact);

    // Per child: the 300 have one missed_visit on checkpoint 1; the 100 have two and a lost_contact on checkpoint 2.
    const byChild = new Map<string, string[]>();
    for (const f of flags) byChild.set(f.childId, [...(byChild.get(f.childId) ?? []), f.subject]);
    for (const { child, checkpoints } of cases) {
      const first = checkpoints[0]!;
      const second = checkpoints[1]!;
      const want =
        child.enrolledOn === ONE_PAST_GRACE
          ? [`missed_visit#${first.checkpointId}`]
          : child.enrolledOn === TWO_PAST_GRACE
            ? [`lost_contact#${second.checkpointId}`, `missed_visit#${first.checkpointId}`, `missed_visit#${second.checkpointId}`]
            : [];
      expect([child.enrolledOn, (byChild.get(child.childId) ?? []).sort()]).toEqual([child.enrolledOn, want.sort()]);
    }
  }, 30_000);

  it('a second run finds nothing due, raises nothing, and costs next to nothing', async () => {
    const second = await sweepOnce(api, adminToken);
    expect(second).toMatchObject({ checked: 0, missed: 0, flagsRaised: 0, escalated: 0, complete: true });
    // At most one minimal read (0.5 units) per sweep partition and pass: 8 shards × (checkpoints, flags, the
    // checkpoints due soon that tonight's reminders count); nothing is due soon here.
    expect(second.consumedCapacity).toBeLessThanOrEqual(12);
    expect(await activeFlagsOf(table, 'skopje')).toHaveLength(expected.flagsRaised);
  }, 15_000);

  it('two runs at once over a new batch of children raise each flag once between them', async () => {
    const batch = buildCases(
      [
        { count: 60, enrolledOn: ONE_PAST_GRACE },
        { count: 40, enrolledOn: TWO_PAST_GRACE },
        { count: 100, enrolledOn: NOT_YET_DUE },
      ],
      { prefix: 'SCALE-B', at: SEEDED_AT },
    );
    const due = expectedSweep(batch, TODAY);
    expect(due).toEqual({ missed: 140, lostContact: 40, flagsRaised: 180 });
    await writeCases(table, batch);

    const [a, b] = await Promise.all([sweepToCompletion(api, adminToken), sweepToCompletion(api, adminToken)]);
    expect([a.complete, b.complete]).toEqual([true, true]);
    expect(a.missed + b.missed).toBe(due.missed);
    expect(a.flagsRaised + b.flagsRaised).toBe(due.flagsRaised);

    const flags = await activeFlagsOf(table, 'skopje');
    expect(flags).toHaveLength(expected.flagsRaised + due.flagsRaised);
    expect(duplicates(flags.map((f) => `${f.childId}#${f.subject}`))).toEqual([]);
    expect(duplicates(flags.map((f) => f.flagId))).toEqual([]);
    const batchIds = new Set(batch.map((c) => c.child.childId));
    const batchFlags = flags.filter((f) => batchIds.has(f.childId));
    expect(batchFlags.filter((f) => f.type === 'missed_visit')).toHaveLength(due.missed);
    expect(batchFlags.filter((f) => f.type === 'lost_contact')).toHaveLength(due.lostContact);

    expect(await sweepOnce(api, adminToken)).toMatchObject({ checked: 0, missed: 0, flagsRaised: 0 });
  }, 30_000);
});

describe('the sweep’s cost grows with the due checkpoints, not with the table', () => {
  const SIZE = 250; // children per table, 8 checkpoints each: 2,000 checkpoints

  /** A fresh table (its own runtime, closed afterwards) of SIZE children, `dueChildren` of them with checkpoint 1 past grace. */
  async function sweepOverFreshTable(dueChildren: number, prefix: string): Promise<SweepTotal> {
    const { api, table, adminToken } = await started();
    try {
      const cases = buildCases(
        [
          { count: dueChildren, enrolledOn: ONE_PAST_GRACE },
          { count: SIZE - dueChildren, enrolledOn: NOT_YET_DUE },
        ],
        { prefix, at: SEEDED_AT },
      );
      await writeCases(table, cases);
      const report = await sweepToCompletion(api, adminToken);
      expect(report).toMatchObject({ missed: dueChildren, flagsRaised: dueChildren, complete: true });
      return report;
    } finally {
      await api.close();
    }
  }

  it('a sweep where 1% of the checkpoints are due uses under 20% of the capacity of one where every child is due', async () => {
    const sparse = await sweepOverFreshTable((SIZE * 8) / 100, 'CAP-SPARSE'); // 20 of 2,000 checkpoints
    const full = await sweepOverFreshTable(SIZE, 'CAP-FULL'); // 250 of 2,000 checkpoints, one per child
    process.stdout.write(
      `sweep capacity: 1% due → ${sparse.consumedCapacity} units, checked ${sparse.checked} (${sparse.runs} run(s)); ` +
        `all children due → ${full.consumedCapacity} units, checked ${full.checked} (${full.runs} run(s))\n`,
    );
    expect(sparse.checked).toBe((SIZE * 8) / 100);
    expect(full.checked).toBe(SIZE);
    if (full.consumedCapacity > 0) {
      expect(sparse.consumedCapacity).toBeGreaterThan(0);
      expect(sparse.consumedCapacity).toBeLessThan(0.2 * full.consumedCapacity);
    } else {
      // DynamoDB Local reported no consumed capacity: judge by the index entries read instead.
      expect(sparse.checked).toBeLessThan(0.2 * full.checked);
    }
  }, 45_000);
});
