import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

/**
 * Issue 13, small hardening items, through HTTP on the local runtime: each answer is the 400 or 404 its rule
 * names, never a 500, and nothing is written.
 */
let api: TestApi;
let token: string;
let childId: string;

interface Problem {
  status: number;
  type: string;
  errors?: Array<{ path: string; message: string }>;
}

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-15T10:00:00Z');
  token = await api.tokenFor(worker());
  const first = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment() });
  expect(first.status).toBe(201);
  childId = first.body.child.childId;
  // A second child, so the caseload has a next page to point a cursor at.
  expect((await api.request('POST', '/children', { token, body: enrolment() })).status).toBe(201);
});
afterAll(() => api.close());

const paths = (body: Problem) => (body.errors ?? []).map((error) => error.path);
const caseload = async () => (await api.request<{ items: Array<{ caseCode: string }> }>('GET', '/children?limit=100', { token })).body.items;

describe('a case code never contains the child’s name, also when the name is written in Cyrillic', () => {
  it.each([['MARIJA-PETROVSKA'], ['PETROVSKA-2026']])('Марија Петровска with the case code %s is 400 at body.caseCode', async (caseCode) => {
    const before = await caseload();
    const response = await api.request<Problem>('POST', '/children', {
      token,
      body: enrolment({ givenName: 'Марија', familyName: 'Петровска', caseCode }),
    });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toContain('body.caseCode');
    expect(await caseload()).toEqual(before);
  });

  it('Марија Петровска with a code that names nobody is enrolled', async () => {
    const response = await api.request('POST', '/children', {
      token,
      body: enrolment({ givenName: 'Марија', familyName: 'Петровска', caseCode: 'SK-2026-CYR-1' }),
    });
    expect(response.status).toBe(201);
  });
});

describe('invisible characters do not count toward a minimum text length', () => {
  it('an emergency-access reason of 25 zero-width spaces is 400 at body.reason', async () => {
    const response = await api.request<Problem>('POST', `/children/${childId}/emergency-access`, {
      token: await api.tokenFor(supervisor('boss-b', 'org-b')),
      body: { reason: '\u200b'.repeat(25) },
    });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(['body.reason']);
  });

  it('a closure note of soft hyphens and a BOM is blank: 400 at body.note', async () => {
    const response = await api.request<Problem>('POST', `/children/${childId}/closure`, {
      token,
      body: { reason: 'other', outcome: 'unknown', note: '\u00ad\ufeff\u00ad\u200d' },
    });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(['body.note']);
  });
});

describe('lone UTF-16 surrogates are refused (400) in any string of a request', () => {
  it.each([
    ['a high surrogate in the family name', 'familyName', 'Petrov\\ud800'],
    ['a low surrogate in the given name', 'givenName', '\\udc00Ana'],
  ])('an enrolment with %s is 400 naming the field', async (_what, field, escaped) => {
    // JSON.stringify would write a lone surrogate as the same escape; the raw text makes the request explicit.
    const raw = JSON.stringify(enrolment()).replace(new RegExp(`"${field}":"[^"]*"`), `"${field}":"${escaped}"`);
    expect(raw).toContain(`\\u`);
    const response = await api.request<Problem>('POST', '/children', { token, rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual([`body.${field}`]);
  });

  it('a visit whose child’s words hold a lone surrogate is 400 at body.childView.words, and no visit is written', async () => {
    const raw =
      '{"visitedOn":"2026-06-01","contactType":"home","assessments":{"housing":{"level":"stable"}},' +
      '"childView":{"words":"I am fine \\ud83d"}}';
    const response = await api.request<Problem>('POST', `/children/${childId}/visits`, {
      token,
      rawBody: raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(['body.childView.words']);
    const visits = await api.request<{ items: unknown[] }>('GET', `/children/${childId}/visits`, { token });
    expect(visits.body.items).toEqual([]);
  });
});

describe('a malformed cursor is 400 at query.cursor, not 500', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  let realCursor: Record<string, string>;

  beforeAll(async () => {
    const page = await api.request<{ nextCursor: string }>('GET', '/children?limit=1', { token });
    realCursor = JSON.parse(Buffer.from(page.body.nextCursor, 'base64url').toString('utf8')) as Record<string, string>;
  });

  it.each<[string, () => string]>([
    ['%%% (not base64url)', () => '%%%'],
    ['base64 of junk', () => Buffer.from('\u00ff\u00fe junk').toString('base64url')],
    ['base64 of a JSON array', () => encode([1, 2])],
    ['base64 of JSON of the wrong shape', () => encode({ a: 'b' })],
    ['a real cursor without its sort keys', () => encode({ gsi1pk: realCursor.gsi1pk })],
    ['a real cursor with an attribute added', () => encode({ ...realCursor, extra: 'x' })],
    ['a real cursor with an empty key', () => encode({ ...realCursor, pk: '' })],
  ])('the caseload with the cursor %s', async (_what, cursor) => {
    const response = await api.request<Problem>('GET', `/children?limit=1&cursor=${cursor()}`, { token });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(['query.cursor']);
  });

  // Each cursor names the caller's own partition, so it passes the partition check; before, DynamoDB refused it (500).
  it.each<[string, () => string, () => Record<string, unknown>]>([
    ['the schedule (a local index)', () => `/children/${childId}/checkpoints`, () => ({ pk: `CHILD#${childId}` })],
    ['the visits (a local index)', () => `/children/${childId}/visits`, () => ({ pk: `CHILD#${childId}`, sk: 'VISIT#x' })],
    ['the agenda (a global index)', () => '/agenda?from=2026-01-01&to=2026-12-31', () => ({ gsi1pk: 'WORKER#worker-1#AGENDA' })],
    [
      'the flags (merged lists)',
      () => '/flags',
      () => ({ 'WORKER#worker-1#FLAGS#active': { gsi1pk: 'WORKER#worker-1#FLAGS#active', gsi1sk: 'x' } }),
    ],
  ])('%s with a cursor that names its partition but not the whole key', async (_what, path, key) => {
    const base = path();
    const response = await api.request<Problem>('GET', `${base}${base.includes('?') ? '&' : '?'}cursor=${encode(key())}`, { token });
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(['query.cursor']);
  });

  it('a real cursor still continues the list', async () => {
    const response = await api.request<{ items: unknown[] }>('GET', `/children?limit=1&cursor=${encode(realCursor)}`, { token });
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
  });
});

describe('/docs/{asset} is 404 for names of Object.prototype, not 500', () => {
  it.each([['__proto__'], ['constructor'], ['toString'], ['hasOwnProperty'], ['valueOf']])('GET /docs/%s is 404', async (asset) => {
    const response = await api.request<Problem>('GET', `/docs/${asset}`);
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('urn:reintegration:problem:not-found');
  });

  it('the real assets are still served', async () => {
    expect((await api.request('GET', '/docs/swagger-ui.css')).status).toBe(200);
  });
});

describe('a malformed percent-encoding in a path is 400, not 500', () => {
  it.each([['%E0%A4%A'], ['%ZZ'], ['%ED%A0%80']])('GET /children/%s is 400 problem details at path.childId', async (raw) => {
    const response = await api.request<Problem>('GET', `/children/${raw}`, { token });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(response.body)).toEqual(['path.childId']);
  });
});
