import { enrolment, startApi, worker, type TestApi } from './harness';

/**
 * Bad input never reaches the database: every route answers 400 problem details naming the offending
 * paths, and the data is exactly as before.
 */
let api: TestApi;
let token: string;
let childId: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-15T10:00:00Z');
  token = await api.tokenFor(worker());
  const created = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment() });
  childId = created.body.child.childId;
});
afterAll(() => api.close());

async function snapshot() {
  const [caseload, child, schedule] = await Promise.all([
    api.request('GET', '/children?limit=100', { token }),
    api.request('GET', `/children/${childId}`, { token }),
    api.request('GET', `/children/${childId}/checkpoints?limit=100`, { token }),
  ]);
  return [caseload.body, child.body, schedule.body];
}

type Case = [label: string, method: string, path: () => string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> }, paths: string[]];

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

describe('bad input on every route', () => {
  it.each(cases)('%s → 400 with the offending paths, nothing written', async (_label, method, path, options, paths) => {
    const before = await snapshot();
    const response = await api.request(method, path(), { token, ...options });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ type: 'urn:reintegration:problem:bad-request', title: 'Bad request', status: 400 });
    const reported = (response.body.errors as Array<{ path: string; message: string }>).map((e) => e.path);
    expect(new Set(reported)).toEqual(new Set(paths));
    expect(await snapshot()).toEqual(before);
  });
});
