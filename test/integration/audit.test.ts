import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { routeList } from '../../lib/api/routes';
import { UNKNOWN_CHILD_ATTEMPT_DAYS } from '../../lib/data/audit';
import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';
import { seedTable } from './seed';

interface AuditRecord {
  childId: string;
  action: string;
  by: string;
  role: string;
  requestId: string;
  at: string;
  outcome?: string;
}

let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
});
afterAll(() => api.close());

describe('the audit trail', () => {
  it('lists every read and write of the child’s data made here, by whom and in which role, and nothing else', async () => {
    const workerToken = await api.tokenFor(worker('owner', 'org-a'));
    const supervisorToken = await api.tokenFor(supervisor('boss-a', 'org-a'));
    const officerToken = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] });

    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ enrolledOn: '2026-03-12' }),
    });
    const { childId } = enrolled.body.child;
    const steps: Array<[string, string, string, unknown]> = [
      ['GET', `/children/${childId}`, workerToken, undefined],
      ['GET', `/children/${childId}/checkpoints`, workerToken, undefined],
      ['POST', `/children/${childId}/visits`, workerToken, { visitedOn: '2026-06-01', contactType: 'home', assessments: { housing: { level: 'at_risk' } }, childView: { rating: 3 } }],
      ['GET', `/children/${childId}/visits`, supervisorToken, undefined],
      ['GET', `/children/${childId}/timeline`, supervisorToken, undefined],
      ['GET', '/flags', officerToken, undefined],
    ];
    for (const [method, path, token, body] of steps) {
      const response = await api.request(method, path, { token, body });
      expect(response.status).toBeLessThan(300);
    }
    // A refused request reads nothing and is recorded as refused (DESIGN v2: refused access is audited too).
    const refused = await api.request('GET', `/children/${childId}`, { token: await api.tokenFor(worker('stranger', 'org-a')) });
    expect(refused.status).toBe(404);

    const trail = await api.request<{ items: AuditRecord[] }>('GET', `/children/${childId}/audit?limit=100`, { token: supervisorToken });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((r) => [r.action, r.by, r.role, r.outcome ?? 'done'])).toEqual([
      ['child.enrol', 'owner', 'social_worker', 'done'],
      ['child.read', 'owner', 'social_worker', 'done'],
      ['checkpoints.read', 'owner', 'social_worker', 'done'],
      ['visit.create', 'owner', 'social_worker', 'done'],
      ['visits.read', 'boss-a', 'supervisor', 'done'],
      ['timeline.read', 'boss-a', 'supervisor', 'done'],
      ['flag.list', 'officer-1', 'municipal_officer', 'done'],
      ['child.read', 'stranger', 'social_worker', 'refused'],
    ]);
    expect(trail.body.items.every((r) => r.childId === childId && r.requestId && r.at)).toBe(true);
    expect(new Set(trail.body.items.map((r) => r.requestId)).size).toBe(8);
  });

  it('only a supervisor of the child’s organisation reads it; nobody can change or delete it through the API', async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: await api.tokenFor(worker('owner', 'org-a')),
      body: enrolment(),
    });
    const path = `/children/${enrolled.body.child.childId}/audit`;
    expect((await api.request('GET', path, { token: await api.tokenFor(worker('owner', 'org-a')) })).status).toBe(403);
    expect((await api.request('GET', path, { token: await api.tokenFor(supervisor('boss-b', 'org-b')) })).status).toBe(404);
    const auditRoutes = routeList.filter((route) => route.path.includes('audit'));
    expect(auditRoutes.map((route) => route.method)).toEqual(['GET']);
  });

  it('an attempt at a child that does not exist leaves one refused record that expires, so probing cannot grow the table for good', async () => {
    const unknownId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const response = await api.request('GET', `/children/${unknownId}`, { token: await api.tokenFor(worker('prober', 'org-a')) });
    expect(response.status).toBe(404);
    const { Items = [] } = await seedTable(api.tableName).documentClient.send(
      new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${unknownId}` }, ConsistentRead: true }),
    );
    expect(Items.map((item) => [item.action, item.by, item.outcome])).toEqual([['child.read', 'prober', 'refused']]);
    // The local clock was set at the start of the file and runs on from there.
    const expiry = Date.parse('2026-06-20T09:00:00Z') / 1000 + UNKNOWN_CHILD_ATTEMPT_DAYS * 86_400;
    expect(Items[0]?.expiresAt).toBeGreaterThanOrEqual(expiry);
    expect(Items[0]?.expiresAt).toBeLessThan(expiry + 600);
  });

  it('a page of the caseload leaves one record in the trail of every child it shows, written together, and none elsewhere', async () => {
    const token = await api.tokenFor(worker('lister', 'org-list'));
    const childIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment() });
      childIds.push(enrolled.body.child.childId);
    }
    const listed = await api.request<{ items: Array<{ childId: string }> }>('GET', '/children?limit=2', { token });
    expect(listed.status).toBe(200);
    const shown = listed.body.items.map((child) => child.childId);
    expect(shown).toHaveLength(2);

    const client = seedTable(api.tableName).documentClient;
    const listRecords = async (childId: string) => {
      const { Items = [] } = await client.send(
        new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${childId}` }, ConsistentRead: true }),
      );
      return Items.filter((item) => item.action === 'child.list');
    };
    const records = await Promise.all(childIds.map(listRecords));
    expect(records.map((found, i) => [childIds[i], found.length])).toEqual(childIds.map((id) => [id, shown.includes(id) ? 1 : 0]));
    const written = records.flat();
    expect(written.every((record) => record.by === 'lister' && record.role === 'social_worker')).toBe(true);
    expect(new Set(written.map((record) => record.requestId)).size).toBe(1);
  });
});
