import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from '../../lib/data/db';
import { batchGetFormatted, formatterOf, sendQuery } from '../../lib/data/formatted-query';
import { keys } from '../../lib/data/keys';
import { enrolment, startApi, worker, type TestApi } from './harness';

/**
 * Issue 19: the hot reads format their items with dynamodb-toolbox's zod formatters instead of its EntityFormatter.
 * On the table, after the writes that give items their optional parts (a visit's assessments, a concern, a closure
 * kept in `reopenings`), a query sent both ways gives the same answer.
 */
let api: TestApi;
let db: Db;
let childId: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  db = api.runtime.deps.db;
  const token = await api.tokenFor(worker('worker-1', 'org-1'));
  const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-01-15' }) });
  childId = enrolled.body.child.childId;
  const steps = [
    api.request('POST', `/children/${childId}/visits`, {
      token,
      body: { visitedOn: '2026-02-14', contactType: 'home', assessments: { housing: { level: 'at_risk', note: 'Rent overdue.' } }, childView: { rating: 3 } },
    }),
    api.request('POST', `/children/${childId}/concerns`, { token, body: { type: 'safeguarding', note: 'Seen with an unknown adult.' } }),
  ];
  for (const step of steps) expect((await step).status).toBe(201);
  expect((await api.request('POST', `/children/${childId}/closure`, { token, body: { reason: 'reintegrated', outcome: 'reintegrated' } })).status).toBe(200);
  expect((await api.request('POST', `/children/${childId}/reopening`, { token, body: { reason: 'Relapse reported by the school.' } })).status).toBe(200);
});
afterAll(() => api.close());

const caseState = () =>
  db.table
    .build(QueryCommand)
    .query({ partition: keys.child(childId).pk, range: { between: [keys.assessmentPrefix, keys.caseStateEnd] } })
    .entities(db.children, db.checkpoints, db.flags, db.assessments)
    .options({ consistent: true, maxPages: Infinity, showEntityAttr: true });

describe('a query formatted by the zod formatters', () => {
  it('gives the items the toolbox gives: child, checkpoints, flags and assessments, optional parts and all', async () => {
    const expected = await caseState().send();
    const actual = await sendQuery(caseState(), { maxPages: Infinity, showEntityAttr: true });
    expect(new Set(expected.Items?.map((item) => item.entity))).toEqual(new Set(['Child', 'Checkpoint', 'Flag', 'Assessment']));
    expect(actual.Items).toStrictEqual(expected.Items);
    expect(Object.keys(actual.Items?.find((item) => item.entity === 'Child') ?? {})).toContain('reopenings');
  });

  it('pages as the toolbox pages: one page of a limit, with the key to go on from, then every page', async () => {
    const limited = () => caseState().options({ consistent: true, limit: 3 });
    const expected = await limited().send();
    const actual = await sendQuery(limited());
    expect(actual).toStrictEqual({ Items: expected.Items, LastEvaluatedKey: expected.LastEvaluatedKey });
    const all = await sendQuery(caseState().options({ consistent: true, limit: 3, maxPages: Infinity }), { maxPages: Infinity });
    expect(all.Items).toStrictEqual((await caseState().options({ consistent: true, maxPages: Infinity }).send()).Items);
  });

  it('gives the outcome cells the toolbox gives, tallies and contribution keys and all', async () => {
    await api.request('GET', '/local/outbox'); // the projector has counted the child
    const cells = () => db.table.build(QueryCommand).query({ partition: keys.outcomeCells }).entities(db.outcomeCells).options({ maxPages: Infinity });
    const expected = await cells().send();
    expect(expected.Items?.length).toBeGreaterThan(0);
    expect((await sendQuery(cells(), { maxPages: Infinity })).Items).toStrictEqual(expected.Items);
  });

  it('a batch read gives, key by key, the children the toolbox’s batch read gives, and nothing for an unknown child', async () => {
    const other = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: await api.tokenFor(worker('worker-1', 'org-1')),
      body: enrolment({ enrolledOn: '2026-03-01' }),
    });
    const ids = [other.body.child.childId, 'no-such-child', childId];
    const { Responses } = await executeBatchGet(
      { maxAttempts: 5 },
      db.table.build(BatchGetCommand).requests(...ids.map((id) => db.children.build(BatchGetRequest).key({ childId: id }))),
    );
    const actual = await batchGetFormatted(db.children, ids.map((id) => ({ childId: id })), 5);
    expect(actual.map((child) => child?.childId)).toEqual([ids[0], undefined, childId]);
    expect(actual).toStrictEqual(Responses?.[0]);
  });

  it.each([
    ['a risk level the schema does not know', { riskLevel: 'extreme' }],
    ['a number where a string is stored', { caseCode: 42 }],
    ['a required attribute missing', { givenName: undefined }],
  ])('refuses a stored child the schema refuses, as the toolbox does: %s', async (_what, change) => {
    const { Item: stored } = await db.table.getDocumentClient().send(new GetCommand({ TableName: db.table.getName(), Key: keys.child(childId) }));
    const corrupt = { ...stored, ...change };
    expect(() => db.children.build(EntityFormatter).format(corrupt)).toThrow();
    expect(() => formatterOf(db.children)(corrupt)).toThrow();
    expect(formatterOf(db.children)(stored!)).toStrictEqual(db.children.build(EntityFormatter).format(stored!));
  });
});
