import { randomUUID } from 'node:crypto';
import { enrolment, startApi, worker, type TestApi } from './harness';

interface Checkpoint {
  checkpointId: string;
  dueOn: string;
  status: string;
  visitId?: string;
}
interface Flag {
  flagId: string;
  type: string;
  domain?: string;
  severity: string;
  status: string;
  evidence: { visitId?: string; fromLevel?: string; toLevel?: string; fromVisitId?: string };
}
interface Logged {
  visit: { visitId: string; visitedOn: string; checkpointId?: string };
  checkpoint: Checkpoint | null;
  raisedFlags: Flag[];
  updatedFlags: Flag[];
}
interface TimelinePoint {
  level: string;
  assessedOn: string;
  source: string;
  visitId?: string;
}
type Timeline = { domains: Record<string, { latest: { level: string; visitId?: string }; series: TimelinePoint[] }> };

let api: TestApi;
let token: string;

// "Today" is 2026-06-20; a child enrolled 100 days earlier, on 2026-03-12 (medium risk: first checkpoint 2026-04-12).
const TODAY = '2026-06-20';
const ENROLLED = '2026-03-12';

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
  token = await api.tokenFor(worker());
});
afterAll(() => api.close());

async function enrolChild(overrides: Record<string, unknown> = {}) {
  const response = await api.request<{ child: { childId: string }; checkpoints: Checkpoint[] }>('POST', '/children', {
    token,
    body: enrolment({
      enrolledOn: ENROLLED,
      baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
      ...overrides,
    }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

const visitBody = (overrides: Record<string, unknown> = {}) => ({
  visitedOn: '2026-04-14',
  contactType: 'home',
  assessments: { housing: { level: 'at_risk', indicators: { arrangement: 'family', safe: true } } },
  childView: { rating: 3, words: 'I miss my friends from school.' },
  notes: 'Family under financial pressure.',
  ...overrides,
});

const logVisit = (childId: string, body: unknown, key?: string) =>
  api.request<Logged>('POST', `/children/${childId}/visits`, {
    token,
    body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

const visitsOf = async (childId: string) =>
  (await api.request<{ items: Array<{ visitId: string; visitedOn: string }> }>('GET', `/children/${childId}/visits?limit=100`, { token })).body.items;

const openFlagsOf = async (childId: string) =>
  (await api.request<{ openFlags: Flag[] }>('GET', `/children/${childId}`, { token })).body.openFlags;

describe('the bar of issue 3, through the local API', () => {
  it('completes checkpoint 1, flags regressions, replays a retry, judges a late visit by date, and shows the timeline', async () => {
    const { child, checkpoints } = await enrolChild();
    const first = checkpoints[0]!;
    expect(first.dueOn).toBe('2026-04-12');

    const key = randomUUID();
    const logged = await logVisit(child.childId, visitBody({ checkpointId: first.checkpointId }), key);
    expect(logged.status).toBe(201);
    expect(logged.body.checkpoint).toMatchObject({ checkpointId: first.checkpointId, status: 'completed', visitId: logged.body.visit.visitId });
    expect(logged.body.raisedFlags).toHaveLength(1);
    expect(logged.body.raisedFlags[0]).toMatchObject({
      type: 'regression',
      domain: 'housing',
      severity: 'medium',
      status: 'open',
      evidence: { fromLevel: 'stable', toLevel: 'at_risk', visitId: logged.body.visit.visitId },
    });

    const retry = await logVisit(child.childId, visitBody({ checkpointId: first.checkpointId }), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(logged.body);
    expect(await visitsOf(child.childId)).toHaveLength(1);

    const earlier = await logVisit(
      child.childId,
      visitBody({ visitedOn: '2026-03-20', contactType: 'school', assessments: { education: { level: 'critical' } } }),
    );
    expect(earlier.status).toBe(201);
    expect(earlier.body.checkpoint).toBeNull();
    expect(earlier.body.raisedFlags).toEqual([
      expect.objectContaining({ type: 'regression', domain: 'education', severity: 'high', evidence: expect.objectContaining({ fromLevel: 'stable', toLevel: 'critical' }) }),
    ]);

    const timeline = (await api.request<Timeline>('GET', `/children/${child.childId}/timeline`, { token })).body;
    expect(timeline.domains.housing!.series.map((p) => [p.assessedOn, p.level, p.source])).toEqual([
      [ENROLLED, 'stable', 'baseline'],
      ['2026-04-14', 'at_risk', 'visit'],
    ]);
    expect(timeline.domains.education!.series.map((p) => [p.assessedOn, p.level, p.source])).toEqual([
      [ENROLLED, 'stable', 'baseline'],
      ['2026-03-20', 'critical', 'visit'],
    ]);
    expect(timeline.domains.housing!.latest).toMatchObject({ level: 'at_risk', visitId: logged.body.visit.visitId });

    expect((await visitsOf(child.childId)).map((v) => v.visitedOn)).toEqual(['2026-04-14', '2026-03-20']);
    const openFlags = await openFlagsOf(child.childId);
    expect(openFlags.map((f) => f.domain).sort()).toEqual(['education', 'housing']);

    const outbox = await api.request<{ items: Array<{ type: string; detail: Record<string, unknown> }> }>('GET', '/local/outbox');
    const raised = outbox.body.items.filter((e) => openFlags.some((f) => f.flagId === e.detail.flagId));
    expect(raised).toHaveLength(2);
    expect(raised.every((e) => e.type === 'FlagRaised' && e.detail.municipalityId === 'skopje')).toBe(true);
    // What goes to a municipality's e-mail or SMS names no child.
    expect(JSON.stringify(raised)).not.toMatch(/Ana|Petrova|caseCode|childId|notes|friends/);
  });
});

describe('idempotency', () => {
  it('twenty concurrent identical POSTs with one key write one visit and one flag, and all get the first answer', async () => {
    const { child } = await enrolChild();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => logVisit(child.childId, visitBody(), key)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const visitIds = new Set(answers.map((a) => a.body.visit.visitId));
    expect(visitIds.size).toBe(1);
    expect(await visitsOf(child.childId)).toHaveLength(1);
    expect(await openFlagsOf(child.childId)).toHaveLength(1);
  });

  it('the same key with another body is refused with 422 and writes nothing', async () => {
    const { child } = await enrolChild();
    const key = randomUUID();
    expect((await logVisit(child.childId, visitBody(), key)).status).toBe(201);
    const other = await logVisit(child.childId, visitBody({ notes: 'A different visit.' }), key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(await visitsOf(child.childId)).toHaveLength(1);
  });
});

describe('visit rules', () => {
  it('a closed case refuses visits with 409', async () => {
    const { child } = await enrolChild();
    const closed = await api.request('POST', `/children/${child.childId}/closure`, { token, body: { reason: 'reintegrated', outcome: 'reintegrated' } });
    expect(closed.status).toBe(200);
    expect((await logVisit(child.childId, visitBody())).status).toBe(409);
    expect(await visitsOf(child.childId)).toHaveLength(0);
  });

  it('a visit after the grace end, naming its checkpoint, completes it late', async () => {
    const { child, checkpoints } = await enrolChild();
    const first = checkpoints[0]!; // due 2026-04-12, grace ends 2026-04-26
    const late = await logVisit(child.childId, visitBody({ visitedOn: '2026-04-27', checkpointId: first.checkpointId }));
    expect(late.status).toBe(201);
    expect(late.body.checkpoint).toMatchObject({ status: 'completed_late' });
  });

  it('a visit fulfilling an already fulfilled checkpoint gets 409', async () => {
    const { child, checkpoints } = await enrolChild();
    const first = checkpoints[0]!;
    expect((await logVisit(child.childId, visitBody({ checkpointId: first.checkpointId }))).status).toBe(201);
    const again = await logVisit(child.childId, visitBody({ visitedOn: '2026-04-15', checkpointId: first.checkpointId }));
    expect(again.status).toBe(409);
    expect(await visitsOf(child.childId)).toHaveLength(1);
  });
});

describe('input limits', () => {
  it('a body over 64 KiB is refused with 413 problem details before it is parsed, and nothing is written', async () => {
    const { child } = await enrolChild();
    const response = await api.request<{ type: string }>('POST', `/children/${child.childId}/visits`, {
      token,
      body: visitBody({ notes: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.body.type).toBe('urn:reintegration:problem:payload-too-large');
    expect(await visitsOf(child.childId)).toHaveLength(0);
  });
});
