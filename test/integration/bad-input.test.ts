import { enrolment, startApi, worker, type TestApi } from './harness';

/**
 * Bad input never reaches the database: every route answers 400 problem details naming the offending
 * paths, and the data is exactly as before.
 */
let api: TestApi;
let token: string;
let childId: string;
/** The child's checkpoints, soonest first (enrolled 2026-01-31, so every one is still `scheduled` on 2026-06-15). */
let checkpointIds: string[];
/** A checkpoint of another child in the same caseload. */
let otherChildsCheckpointId: string;

interface Enrolled {
  child: { childId: string };
  checkpoints: Array<{ checkpointId: string; dueOn: string }>;
}

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-15T10:00:00Z');
  token = await api.tokenFor(worker());
  const created = await api.request<Enrolled>('POST', '/children', { token, body: enrolment() });
  childId = created.body.child.childId;
  checkpointIds = created.body.checkpoints.map((c) => c.checkpointId);
  const other = await api.request<Enrolled>('POST', '/children', { token, body: enrolment() });
  otherChildsCheckpointId = other.body.checkpoints[0]!.checkpointId;
});
afterAll(() => api.close());

async function snapshot() {
  const [caseload, child, schedule, visits, timeline] = await Promise.all([
    api.request('GET', '/children?limit=100', { token }),
    api.request('GET', `/children/${childId}`, { token }),
    api.request('GET', `/children/${childId}/checkpoints?limit=100`, { token }),
    api.request('GET', `/children/${childId}/visits?limit=100`, { token }),
    api.request('GET', `/children/${childId}/timeline`, { token }),
  ]);
  return [caseload.body, child.body, schedule.body, visits.body, timeline.body];
}

type Options = { body?: unknown; rawBody?: string; headers?: Record<string, string> };
/** Options may be built lazily, when they name ids only known once the children are enrolled. */
type Case = [label: string, method: string, path: () => string, options: Options | (() => Options), paths: string[]];

const cases: Case[] = [
  ['malformed JSON', 'POST', () => '/children', { rawBody: '{"caseCode":', headers: { 'content-type': 'application/json' } }, ['body']],
  ['no content type', 'POST', () => '/children', { rawBody: '{}' }, ['body']],
  ['a body that is not an object', 'POST', () => '/children', { body: [1, 2] }, ['body']],
  ['every enrolment field wrong', 'POST', () => '/children', {
    body: {
      caseCode: '!', givenName: '', familyName: 'x'.repeat(101), birthDate: '2026-02-30', sex: 'unknown',
      municipalityId: 'a b', caseWorkerId: 'has space', riskLevel: 'extreme', enrolledOn: 'yesterday',
      baseline: { education: 'good', housing: 'stable', health: 'stable' }, extra: true,
    },
  }, [
    'body.caseCode', 'body.givenName', 'body.familyName', 'body.birthDate', 'body.sex', 'body.municipalityId',
    'body.caseWorkerId', 'body.riskLevel', 'body.enrolledOn', 'body.baseline.education', 'body.baseline.vocational_training', 'body',
  ]],
  ['birth after enrolment', 'POST', () => '/children', { body: enrolment({ birthDate: '2026-03-01', enrolledOn: '2026-02-01' }) }, ['body.birthDate']],
  ['caseload: bad status, limit and cursor', 'GET', () => '/children?status=open&limit=0&cursor=%24%24', {}, ['query.status', 'query.limit', 'query.cursor']],
  ['caseload: limit above 100', 'GET', () => '/children?limit=101', {}, ['query.limit']],
  ['caseload: limit in exponent or hex notation, not digits', 'GET', () => '/children?limit=1e2', {}, ['query.limit']],
  ['caseload: limit with a space before it', 'GET', () => '/children?limit=%20100', {}, ['query.limit']],
  ['enrolment: case code with a space before it (refused, not trimmed)', 'POST', () => '/children', { body: enrolment({ caseCode: ' SK-2026-0001' }) }, ['body.caseCode']],
  ['caseload: unknown query parameter', 'GET', () => '/children?sort=name', {}, ['query']],
  ['child: id not a ULID', 'GET', () => '/children/123', {}, ['path.childId']],
  ['update: id not a ULID', 'PATCH', () => '/children/not-a-ulid', { body: { version: 1, riskLevel: 'low' } }, ['path.childId']],
  ['update: bad version and risk level', 'PATCH', () => `/children/${childId}`, { body: { version: 0, riskLevel: 'none' } }, ['body.version', 'body.riskLevel']],
  ['update: version missing', 'PATCH', () => `/children/${childId}`, { body: { riskLevel: 'low' } }, ['body.version']],
  ['closure: bad reason, outcome and date', 'POST', () => `/children/${childId}/closure`, { body: { reason: 'bored', outcome: 'fine', closedOn: '2026/01/01' } }, ['body.reason', 'body.outcome', 'body.closedOn']],
  ['closure: empty note', 'POST', () => `/children/${childId}/closure`, { body: { reason: 'other', outcome: 'unknown', note: '   ' } }, ['body.note']],
  ['schedule: bad limit', 'GET', () => `/children/${childId}/checkpoints?limit=abc`, {}, ['query.limit']],
  ['agenda: bad dates', 'GET', () => '/agenda?from=2026-13-01&to=tomorrow', {}, ['query.from', 'query.to']],
  ['dev token: unknown role, missing organisation', 'POST', () => '/local/tokens', { body: { sub: 'x', role: 'boss' } }, ['body.role']],
  ['dev token: social worker without organisation', 'POST', () => '/local/tokens', { body: { sub: 'x', role: 'social_worker' } }, ['body.organisationId']],
  ['clock: not a timestamp', 'PUT', () => '/local/clock', { body: { now: 'soon' } }, ['body.now']],
];

/** A valid visit of `childId` on 2026-06-01 (enrolled 2026-01-31, "today" 2026-06-15); each case spoils one part. */
const visit = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  visitedOn: '2026-06-01',
  contactType: 'home',
  assessments: { housing: { level: 'at_risk', indicators: { arrangement: 'family', safe: true } }, education: { level: 'stable' } },
  childView: { rating: 3, words: 'I like the new school.' },
  notes: 'Family under financial pressure.',
  ...overrides,
});
const housing = (assessment: Record<string, unknown>) => ({ assessments: { housing: { level: 'stable', ...assessment } } });
const visits = () => `/children/${childId}/visits`;
const NO_SUCH_CHECKPOINT = '01JD3M6Q7Z8X9Y0A1B2C3D4E5F';

const visitCases: Case[] = [
  ['visit: malformed JSON', 'POST', visits, { rawBody: '{"visitedOn":', headers: { 'content-type': 'application/json' } }, ['body']],
  ['visit: no body', 'POST', visits, {}, ['body']],
  ['visit: a body that is not an object', 'POST', visits, { body: 'a visit' }, ['body']],
  ['visit: every required field missing', 'POST', visits, { body: {} }, ['body.visitedOn', 'body.contactType', 'body.assessments', 'body.childView']],
  ['visit: every field wrong', 'POST', visits, {
    body: {
      visitedOn: '1 June', contactType: 'letter', assessments: {}, childView: { rating: 9 }, notes: '', checkpointId: 'cp-1', mood: 'good',
    },
  }, ['body.visitedOn', 'body.contactType', 'body.assessments', 'body.childView.rating', 'body.notes', 'body.checkpointId', 'body']],
  ['visit: visitedOn malformed', 'POST', visits, { body: visit({ visitedOn: '01/06/2026' }) }, ['body.visitedOn']],
  ['visit: visitedOn a timestamp', 'POST', visits, { body: visit({ visitedOn: '2026-06-01T10:00:00Z' }) }, ['body.visitedOn']],
  ['visit: visitedOn an impossible date', 'POST', visits, { body: visit({ visitedOn: '2026-02-30' }) }, ['body.visitedOn']],
  ['visit: visitedOn in the future', 'POST', visits, { body: visit({ visitedOn: '2026-06-16' }) }, ['body.visitedOn']],
  ['visit: visitedOn before enrolment', 'POST', visits, { body: visit({ visitedOn: '2026-01-30' }) }, ['body.visitedOn']],
  ['visit: contactType unknown', 'POST', visits, { body: visit({ contactType: 'carrier_pigeon' }) }, ['body.contactType']],
  ['visit: assessments empty', 'POST', visits, { body: visit({ assessments: {} }) }, ['body.assessments']],
  ['visit: assessments of an unknown domain', 'POST', visits, {
    body: visit({ assessments: { housing: { level: 'stable' }, finances: { level: 'stable' } } }),
  }, ['body.assessments']],
  ['visit: assessment level unknown', 'POST', visits, { body: visit(housing({ level: 'great' })) }, ['body.assessments.housing.level']],
  ['visit: assessment level missing', 'POST', visits, { body: visit({ assessments: { housing: { note: 'fine' } } }) }, ['body.assessments.housing.level']],
  ['visit: indicator unknown', 'POST', visits, { body: visit(housing({ indicators: { pets: true } })) }, ['body.assessments.housing.indicators']],
  ['visit: indicator of another domain', 'POST', visits, { body: visit(housing({ indicators: { enrolled: true } })) }, ['body.assessments.housing.indicators']],
  ['visit: boolean indicator of the wrong type', 'POST', visits, { body: visit(housing({ indicators: { safe: 'yes' } })) }, ['body.assessments.housing.indicators.safe']],
  ['visit: enumerated indicator of an unknown value', 'POST', visits, {
    body: visit({ assessments: { vocational_training: { level: 'stable', indicators: { status: 'astronaut' } } } }),
  }, ['body.assessments.vocational_training.indicators.status']],
  ['visit: assessment note too long', 'POST', visits, { body: visit(housing({ note: 'x'.repeat(1001) })) }, ['body.assessments.housing.note']],
  ['visit: childView empty', 'POST', visits, { body: visit({ childView: {} }) }, ['body.childView']],
  ['visit: childView missing', 'POST', visits, { body: visit({ childView: undefined }) }, ['body.childView']],
  ['visit: childView rating 0', 'POST', visits, { body: visit({ childView: { rating: 0 } }) }, ['body.childView.rating']],
  ['visit: childView rating 6', 'POST', visits, { body: visit({ childView: { rating: 6 } }) }, ['body.childView.rating']],
  ['visit: childView rating not an integer', 'POST', visits, { body: visit({ childView: { rating: 2.5 } }) }, ['body.childView.rating']],
  ['visit: childView rating a string', 'POST', visits, { body: visit({ childView: { rating: '3' } }) }, ['body.childView.rating']],
  ['visit: childView words blank', 'POST', visits, { body: visit({ childView: { words: '   ' } }) }, ['body.childView.words']],
  ['visit: notes too long', 'POST', visits, { body: visit({ notes: 'x'.repeat(5001) }) }, ['body.notes']],
  ['visit: notes blank', 'POST', visits, { body: visit({ notes: '  ' }) }, ['body.notes']],
  ['visit: checkpointId not a ULID', 'POST', visits, { body: visit({ checkpointId: 'checkpoint-1' }) }, ['body.checkpointId']],
  ['visit: checkpointId of no checkpoint', 'POST', visits, { body: visit({ checkpointId: NO_SUCH_CHECKPOINT }) }, ['body.checkpointId']],
  ['visit: checkpointId of another child', 'POST', visits, () => ({ body: visit({ checkpointId: otherChildsCheckpointId }) }), ['body.checkpointId']],
  ['visit: before the named checkpoint’s window opens', 'POST', visits, () => ({
    body: visit({ visitedOn: '2026-02-01', checkpointId: checkpointIds.at(-1) }),
  }), ['body.checkpointId']],
  ['visit: in the future and a checkpoint of another child', 'POST', visits, () => ({
    body: visit({ visitedOn: '2027-01-01', checkpointId: otherChildsCheckpointId }),
  }), ['body.visitedOn', 'body.checkpointId']],
  ['visit: unknown top-level field', 'POST', visits, { body: visit({ childId: 'someone-else' }) }, ['body']],
  ['visit: Idempotency-Key with spaces', 'POST', visits, { body: visit(), headers: { 'idempotency-key': 'my visit key' } }, ['headers.idempotency-key']],
  ['visit: Idempotency-Key longer than 128', 'POST', visits, { body: visit(), headers: { 'idempotency-key': 'k'.repeat(129) } }, ['headers.idempotency-key']],
  ['visit: Idempotency-Key with a control character', 'POST', visits, { body: visit(), headers: { 'idempotency-key': 'a\tb' } }, ['headers.idempotency-key']],
  ['visit: bad Idempotency-Key and a bad body together', 'POST', visits, {
    body: visit({ contactType: 'letter' }), headers: { 'idempotency-key': 'k'.repeat(129) },
  }, ['headers.idempotency-key', 'body.contactType']],
  ['visit: child id not a ULID', 'POST', () => '/children/not-a-ulid/visits', { body: visit() }, ['path.childId']],
  ['visits: child id not a ULID', 'GET', () => '/children/123/visits', {}, ['path.childId']],
  ['visits: bad limit and cursor', 'GET', () => `/children/${childId}/visits?limit=0&cursor=%24%24`, {}, ['query.limit', 'query.cursor']],
  ['visits: limit not a number', 'GET', () => `/children/${childId}/visits?limit=ten`, {}, ['query.limit']],
  ['visits: limit above 100', 'GET', () => `/children/${childId}/visits?limit=101`, {}, ['query.limit']],
  ['visits: unknown query parameter', 'GET', () => `/children/${childId}/visits?from=2026-01-01`, {}, ['query']],
  ['timeline: child id not a ULID', 'GET', () => '/children/01JD3M6Q7Z8X9Y0A1B2C3D4E5/timeline', {}, ['path.childId']],
];

async function expectRefused(method: string, path: string, options: Options, paths: string[]) {
  const before = await snapshot();
  const response = await api.request(method, path, { token, ...options });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ type: 'urn:reintegration:problem:bad-request', title: 'Bad request', status: 400 });
  const reported = (response.body.errors as Array<{ path: string; message: string }>).map((e) => e.path);
  expect(new Set(reported)).toEqual(new Set(paths));
  expect(await snapshot()).toEqual(before);
}

describe('bad input on every route', () => {
  it.each(cases)('%s → 400 with the offending paths, nothing written', async (_label, method, path, options, paths) => {
    await expectRefused(method, path(), typeof options === 'function' ? options() : options, paths);
  });
});

describe('bad input on the visit routes', () => {
  let versionBefore: number;
  beforeAll(async () => {
    versionBefore = (await api.request<{ version: number }>('GET', `/children/${childId}`, { token })).body.version;
  });

  it.each(visitCases)('%s → 400 with the offending paths, nothing written', async (_label, method, path, options, paths) => {
    await expectRefused(method, path(), typeof options === 'function' ? options() : options, paths);
  });

  it('after every refused visit the child has no visit, the same version, only baselines and a scheduled schedule', async () => {
    const listed = await api.request<{ items: unknown[] }>('GET', `/children/${childId}/visits?limit=100`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
    const child = await api.request<{ version: number; openFlags: unknown[] }>('GET', `/children/${childId}`, { token });
    expect(child.body.version).toBe(versionBefore);
    expect(child.body.openFlags).toEqual([]);
    const schedule = await api.request<{ items: Array<{ checkpointId: string; status: string; visitId?: string }> }>(
      'GET',
      `/children/${childId}/checkpoints?limit=100`,
      { token },
    );
    expect(schedule.body.items.map((c) => c.checkpointId)).toEqual(checkpointIds);
    expect(schedule.body.items.every((c) => c.status === 'scheduled' && c.visitId === undefined)).toBe(true);
    const timeline = await api.request<{ domains: Record<string, { series: Array<{ source: string }> }> }>('GET', `/children/${childId}/timeline`, { token });
    expect(Object.values(timeline.body.domains).flatMap((d) => d.series.map((p) => p.source))).toEqual(['baseline', 'baseline', 'baseline', 'baseline']);
  });

  it('a visit refused for its content keeps no idempotency record: the key then logs a corrected visit once', async () => {
    const key = 'retry-after-400';
    const refused = await api.request('POST', visits(), { token, body: visit({ visitedOn: '2026-06-16' }), headers: { 'idempotency-key': key } });
    expect(refused.status).toBe(400);
    const corrected = await api.request('POST', visits(), { token, body: visit(), headers: { 'idempotency-key': key } });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    const again = await api.request('POST', visits(), { token, body: visit(), headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const listed = await api.request<{ items: unknown[] }>('GET', `/children/${childId}/visits?limit=100`, { token });
    expect(listed.body.items).toHaveLength(1);
  });
});
