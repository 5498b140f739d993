import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';
import type { Principal } from '../../lib/auth/principal';

let api: TestApi;
let childId: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-15T10:00:00Z');
  const created = await api.request<{ child: { childId: string } }>('POST', '/children', {
    token: await api.tokenFor(worker('owner', 'org-a')),
    body: enrolment(),
  });
  childId = created.body.child.childId;
});
afterAll(() => api.close());

// Every row has all three cells: jest would take a missing one for a `done` callback.
const childRoutes: Array<[string, () => string, unknown]> = [
  ['GET', () => `/children/${childId}`, undefined],
  ['GET', () => `/children/${childId}/checkpoints`, undefined],
  ['PATCH', () => `/children/${childId}`, { version: 1, riskLevel: 'high' }],
  ['POST', () => `/children/${childId}/closure`, { reason: 'other', outcome: 'unknown' }],
];

describe('who may do what', () => {
  it.each(childRoutes)('%s %s without a token, or with a forged one → 401', async (method, path, body) => {
    expect((await api.request(method, path(), { body })).status).toBe(401);
    const real = await api.tokenFor(worker('owner', 'org-a'));
    const [header, payload] = real.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const response = await api.request(method, path(), { token: forged, body });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each(childRoutes)('%s %s by another social worker, or another organisation’s supervisor → 404, as if absent', async (method, path, body) => {
    for (const stranger of [worker('stranger', 'org-a'), supervisor('boss-b', 'org-b')]) {
      const response = await api.request(method, path(), { token: await api.tokenFor(stranger), body });
      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('No such child.');
    }
  });

  const otherRoles: Principal[] = [
    { role: 'municipal_officer', sub: 'officer', municipalityIds: ['skopje'] },
    { role: 'evaluator', sub: 'evaluator' },
    { role: 'admin', sub: 'admin' },
  ];
  it.each(otherRoles.map((p) => [p.role, p] as const))('a %s may not use case routes → 403', async (_role, principal) => {
    const token = await api.tokenFor(principal);
    const caseRoutes: Array<[string, () => string, unknown]> = [
      ...childRoutes,
      ['GET', () => '/children', undefined],
      ['GET', () => '/agenda', undefined],
      ['POST', () => '/children', enrolment()],
    ];
    for (const [method, path, body] of caseRoutes) {
      expect((await api.request(method, path(), { token, body })).status).toBe(403);
    }
  });

  it('an unknown child id answers 404 exactly like an out-of-scope one', async () => {
    const token = await api.tokenFor(worker('owner', 'org-a'));
    const response = await api.request('GET', '/children/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token });
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('No such child.');
  });

  it('public routes answer without a token', async () => {
    expect((await api.request('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await api.request('GET', '/openapi.json')).status).toBe(200);
    expect((await api.request('GET', '/docs')).status).toBe(200);
  });
});
