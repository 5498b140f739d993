import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { enrolment, startApi, worker, type TestApi } from './harness';
import { expectHidden, expectNear, expectShareNear, RELEASE_DEFAULTS, type Figure } from '../support/released-figures';

interface Figures {
  children: Figure;
  domains: Record<string, { levels: Record<string, Figure>; reintegratedShare: Figure }>;
  reintegratedAllShare: Figure;
  visitCompliance: Figure;
  regressionRate: Figure;
  lostToFollowUp: Figure;
}
interface Outcomes {
  k: number;
  maxNoise: number;
  trajectory: Array<{ monthsSinceEnrolment: number; observed: Figure; reintegratedShare: Record<string, Figure> }>;
  figures: Figures;
  breakdown: Array<Figures & { municipalityId: string }>;
  suppressed: string[];
}

const D = RELEASE_DEFAULTS.maxNoise;

// Enrolling fifteen children and waiting for the stream consumers takes a few seconds, more on a loaded two-core machine.
jest.setTimeout(60_000);

let api: TestApi;
let workerToken: string;
let evaluatorToken: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  workerToken = await api.tokenFor(worker());
  evaluatorToken = await api.tokenFor({ role: 'evaluator', sub: 'evaluator-1' });
});
afterAll(() => api.close());

/** Every stream record written so far has reached the consumers (the outbox route drains the pollers). */
const settle = () => api.request('GET', '/local/outbox');

async function enrolIn(municipalityId: string, baseline: Record<string, string>) {
  const response = await api.request<{ child: { childId: string }; checkpoints: Array<{ checkpointId: string }> }>('POST', '/children', {
    token: workerToken,
    body: enrolment({ municipalityId, enrolledOn: '2026-02-10', riskLevel: 'medium', baseline }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe('the bar of issue 5, through the local API', () => {
  it('12 children in one municipality and 3 in another: the small one is hidden, the large one within ±D of the hand count', async () => {
    const stable = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' };
    const skopje = await Promise.all(Array.from({ length: 12 }, () => enrolIn('skopje', stable)));
    await Promise.all(Array.from({ length: 3 }, () => enrolIn('bitola', stable)));

    // Hand count for skopje: 5 children visited at checkpoint 1 with education down to at_risk; the other 7 not.
    for (const { child, checkpoints } of skopje.slice(0, 5)) {
      const visit = await api.request('POST', `/children/${child.childId}/visits`, {
        token: workerToken,
        body: {
          visitedOn: '2026-03-10',
          contactType: 'home',
          checkpointId: checkpoints[0]!.checkpointId,
          assessments: { education: { level: 'at_risk' } },
          childView: { rating: 3 },
          notes: 'SECRET-NOTE-TEXT',
        },
      });
      expect(visit.status).toBe(201);
    }
    await settle();

    const outcomes = async (query: string) => {
      const response = await api.request<Outcomes>('GET', `/outcomes?cohort=2026-Q1${query}`, { token: evaluatorToken });
      expect(response.status).toBe(200);
      return response.body;
    };

    // Skopje alone: within ±D of the hand count; zeros stay zero; a count over the same children as the
    // population (housing: all stable) is the same value, so its share is exactly 1.
    const large = await outcomes('&municipalityId=skopje');
    expect(large).toMatchObject({ k: 5, maxNoise: D });
    expectNear(large.figures.children, 12);
    const education = large.figures.domains.education!.levels;
    expect([education.critical, education.thriving]).toEqual([0, 0]);
    expectNear(education.at_risk, 5);
    if (education.at_risk === 'suppressed') {
      // One hidden level beside a shown total: the next smallest is hidden with it, and the share that would give it.
      expect([education.stable, large.figures.domains.education!.reintegratedShare]).toEqual(['suppressed', 'suppressed']);
    } else {
      expectNear(education.stable, 7);
      expectShareNear(large.figures.domains.education!.reintegratedShare, 7, 12);
    }
    expect(large.figures.domains.housing!.levels.stable).toBe(large.figures.children);
    expect(large.figures.domains.housing!.reintegratedShare).toBe(1);
    expectShareNear(large.figures.regressionRate, 5, 12);
    // 5 of 5 settled checkpoints in time: the same checkpoints, the same value, so 1, or suppressed with the 5.
    expect([1, 'suppressed']).toContain(large.figures.visitCompliance);
    // Only what rests on the 5 visited children can read as suppressed, in the figures and in skopje's row.
    const onTheFive = ['domains.education.levels.at_risk', 'domains.education.levels.stable', 'domains.education.reintegratedShare', 'regressionRate', 'visitCompliance'];
    expect(large.suppressed.map((path) => path.replace(/^breakdown\.skopje\./, '')).filter((path) => !onTheFive.includes(path) && !path.startsWith('trajectory.1.'))).toEqual([]);

    // Bitola alone: three children, never shown as 3; when the count is suppressed, so is every figure from it.
    const small = await outcomes('&municipalityId=bitola');
    expectHidden(small.figures.children, 3);
    expect(small.figures.domains.housing!.levels.stable).toBe(small.figures.children);
    if (small.figures.children === 'suppressed') {
      expect(small.figures.domains.housing!.reintegratedShare).toBe('suppressed');
      expect(small.suppressed).toEqual(expect.arrayContaining(['children', 'domains.housing.levels.stable', 'regressionRate']));
    }
    expect(JSON.stringify(small.figures)).not.toMatch(/\b3\b/);

    // Both: the total (15) is shown; the breakdown lists every known municipality, and never hides exactly one
    // row beside a shown total: when Bitola's row is suppressed, the next smallest is too.
    const both = await outcomes('');
    expectNear(both.figures.children, 15);
    expect(both.breakdown.map((row) => row.municipalityId)).toEqual(['bitola', 'kumanovo', 'ohrid', 'skopje']);
    const bitola = both.breakdown.find((row) => row.municipalityId === 'bitola')!;
    expect(bitola.children).toBe(small.figures.children);
    expect(both.breakdown.filter((row) => row.children === 'suppressed')).not.toHaveLength(1);
    expect(JSON.stringify(both)).not.toContain('SECRET-NOTE-TEXT');

    // The export: Skopje's 12 children form a class of k=11 or more and are exported; Bitola's 3 cannot be,
    // even as `other`, and are dropped. Nothing entered about a child as a person comes out.
    const exported = await api.request<string>('GET', '/outcomes/export?cohort=2026-Q1', { token: evaluatorToken });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = exported.body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const trailer = lines.at(-1)!;
    const rows = lines.slice(0, -1);
    // The trailer's counts are released like the tables': Bitola's 3 dropped children are never counted as 3.
    expect(trailer).toMatchObject({ trailer: true, k: 11, rowsDropped: 0, childrenGeneralised: 0 });
    expectHidden(trailer.childrenDropped as Figure, 3);
    expectNear(trailer.rows as Figure, 5);
    expectNear(trailer.childrenExported as Figure, 12);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      row: 'visit',
      pseudonym: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      cohort: '2026-Q1',
      ageBand: '12-14',
      sex: 'female',
      municipalityId: 'skopje',
      monthsSinceEnrolment: 1,
      contactType: 'home',
      levels: { education: 'at_risk', housing: null, health: null, vocational_training: null },
    });
    expect(new Set(rows.map((r) => r.pseudonym)).size).toBe(5);
    const text = exported.body;
    for (const { child } of skopje) expect(text).not.toContain(child.childId);
    expect(text).not.toMatch(/Ana|Petrova|SECRET-NOTE-TEXT|TC-\d|2012-05-01|2026-03-10|2026-02-10/);
    const again = await api.request<string>('GET', '/outcomes/export?cohort=2026-Q1', { token: evaluatorToken });
    expect(again.body).toBe(exported.body);

    // The trajectory: month 0 is everyone's baseline (12 followed, all stable: the children's own value); month 1
    // only the 5 visited children are followed that long, and none of them is stable in education any more. When
    // their 5 reads as suppressed, month 1 is the last and is left out.
    expect(large.trajectory[0]).toEqual({
      monthsSinceEnrolment: 0,
      observed: large.figures.children,
      reintegratedShare: { education: 1, housing: 1, health: 1, vocational_training: 1 },
    });
    const month1 = large.trajectory[1];
    if (month1) {
      expectNear(month1.observed, 5);
      expect(month1.reintegratedShare).toEqual({ education: 0, housing: 1, health: 1, vocational_training: 1 });
    }

    // The report page: self-contained, charts as SVG, the same suppression, no names or notes.
    const page = await api.request<string>('GET', '/outcomes/report?cohort=2026-Q1', { token: evaluatorToken });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).toContain('<svg');
    expect(page.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    // Bitola's row as the API released it: suppressed, or a count the noise put at k or above; never its 3.
    expect(page.body).toContain(`<td>bitola</td><td>${bitola.children}</td>`);
    expect(page.body).not.toContain('<td>bitola</td><td>3</td>');
    expect(page.body).not.toMatch(/Ana|Petrova|SECRET-NOTE-TEXT/);
  });

  it('only evaluators read outcomes', async () => {
    expect((await api.request('GET', '/outcomes', { token: workerToken })).status).toBe(403);
  });
});

describe('the projection', () => {
  it('a rebuild from the records equals what the stream consumer kept, and repairs a damaged cell', async () => {
    const { freshness } = await import('../../lib/deps');
    const { rebuildOutcomes } = await import('../../lib/data/outcomes-rebuild');
    const { outcomeCells } = await import('../../lib/data/outcomes');
    const { keys } = await import('../../lib/data/keys');
    const { deps } = api.runtime;
    const { db } = deps;
    await enrolIn('ohrid', { education: 'critical', housing: 'stable', health: 'thriving', vocational_training: 'at_risk' });
    await settle();
    expect(await rebuildOutcomes(db, freshness(deps))).toMatchObject({ rowsChanged: 0, cellsChanged: 0 });

    const before = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q1', { token: evaluatorToken });
    const ohrid = (await outcomeCells(db, '2026-Q1')).find((cell) => cell.municipalityId === 'ohrid');
    await db.table.getDocumentClient().send(
      new UpdateCommand({
        TableName: api.tableName,
        Key: keys.outcomeCell(ohrid!),
        UpdateExpression: 'SET contribution.children = :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':n': 40 },
      }),
    );
    expect(await rebuildOutcomes(db, freshness(deps))).toMatchObject({ rowsChanged: 0, cellsChanged: 1 });
    const after = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q1', { token: evaluatorToken });
    expect(after.body.figures).toEqual(before.body.figures);
  });

  it('a poison record is parked after its retries and does not block the children after it', async () => {
    const { db } = api.runtime.deps;
    // A child record the consumer cannot read: its latest levels are missing.
    await db.table.getDocumentClient().send(
      new PutCommand({
        TableName: api.tableName,
        Item: { pk: 'CHILD#01ARZ3NDEKTSV4RRFFQ69G5FAV', sk: 'CHILD', _et: 'Child', childId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', status: 'active' },
      }),
    );
    const good = await enrolIn('kumanovo', { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' });
    await settle();
    const outcomesPoller = api.runtime.streamPollers.find((p) => p.parked().length > 0);
    expect(outcomesPoller?.parked().map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['CHILD#01ARZ3NDEKTSV4RRFFQ69G5FAV']);
    const response = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q1&municipalityId=kumanovo', { token: evaluatorToken });
    expectHidden(response.body.figures.children, 1); // one child: counted, and never shown as 1
    expect(good.child.childId).toBeDefined();
    const { Item } = await db.outcomeRows.build(GetItemCommand).key({ childId: good.child.childId }).send();
    expect(Item?.municipalityId).toBe('kumanovo');
  });
});

describe('one cell, many children at once', () => {
  it('children of one cell refreshed at the same time all count: a lost race on the cell is tried again, not a failed refresh', async () => {
    // The sweep refreshes up to 16 children at once and the stream consumers run beside it; children of one cohort,
    // municipality, risk level, sex and age band share one cell item, whose version each refresh must win.
    const { refreshOutcome, outcomeCells } = await import('../../lib/data/outcomes');
    const { freshness } = await import('../../lib/deps');
    const quiet = await startApi({ streams: false });
    try {
      const token = await quiet.tokenFor(worker());
      const childIds: string[] = [];
      for (let n = 0; n < 16; n += 1) {
        const enrolled = await quiet.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment({ enrolledOn: '2025-08-04' }) });
        childIds.push(enrolled.body.child.childId);
      }
      const { deps } = quiet.runtime;
      const { db } = deps;
      await Promise.all(childIds.map((childId) => refreshOutcome(db, childId, freshness(deps))));
      const cells = await outcomeCells(db, '2025-Q3');
      expect(cells.map((cell) => cell.contribution.children)).toEqual([16]);
    } finally {
      await quiet.close();
    }
  });
});

describe('asOf', () => {
  it('a past day reads the figures the nightly sweep kept that day; a day without them, or the future, is 400', async () => {
    const adminToken = await api.tokenFor({ role: 'admin', sub: 'admin-1' });
    await settle();
    const kept = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q1', { token: evaluatorToken });
    // The next night's sweep keeps the figures as they stood at the end of the 20th, then does its work.
    await api.setClock('2026-06-21T02:00:00Z');
    const sweep = await api.request<{ outcomeCellsKept: number; missed: number }>('POST', '/sweeps', { token: adminToken });
    expect(sweep.status).toBe(200);
    expect(sweep.body.outcomeCellsKept).toBeGreaterThan(0);
    expect(sweep.body.missed).toBeGreaterThan(0);

    await enrolIn('skopje', { education: 'critical', housing: 'critical', health: 'critical', vocational_training: 'critical' });
    await settle();
    const live = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q1', { token: evaluatorToken });
    const yesterday = await api.request<Outcomes & { asOf: string }>('GET', '/outcomes?cohort=2026-Q1&asOf=2026-06-20', { token: evaluatorToken });
    expect(yesterday.status).toBe(200);
    expect(yesterday.body.asOf).toBe('2026-06-20');
    // The same children under the same keys: yesterday reads exactly what was shown yesterday.
    expect(yesterday.body.figures).toEqual(kept.body.figures);
    // Today reads today's cells, one child more; what it shows of that child is noise, by design, so the check is
    // against the projection's own counts.
    const { outcomeCells } = await import('../../lib/data/outcomes');
    const children = (await outcomeCells(api.runtime.deps.db, '2026-Q1')).reduce((sum, cell) => sum + cell.contribution.children, 0);
    expectNear(live.body.figures.children, children);
    expectNear(yesterday.body.figures.children, children - 1);

    // A kept day answers for a cohort that had no child that day: zeros, as today would, not "nothing kept".
    const empty = await api.request<Outcomes>('GET', '/outcomes?cohort=2026-Q4&asOf=2026-06-20', { token: evaluatorToken });
    expect([empty.status, empty.body.figures.children]).toEqual([200, 0]);

    const none = await api.request<{ errors: Array<{ path: string }> }>('GET', '/outcomes?asOf=2026-06-18', { token: evaluatorToken });
    expect(none.status).toBe(400);
    expect(none.body.errors[0]!.path).toBe('query.asOf');
    expect((await api.request('GET', '/outcomes?asOf=2026-06-22', { token: evaluatorToken })).status).toBe(400);
    await api.setClock('2026-06-20T09:00:00Z');
  }, 30_000);
});
