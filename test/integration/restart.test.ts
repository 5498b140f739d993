import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { enrolment, startApi, worker } from './harness';

describe('the local runtime on disk', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reintegration-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every record, and its dev tokens stay valid, across a restart of the database and the API', async () => {
    const tableName = 'records-restart';
    const run = async <T>(work: (api: Awaited<ReturnType<typeof startApi>>) => Promise<T>): Promise<T> => {
      const database = await startDynamoDbLocal({ dbPath: dataDir });
      const api = await startApi({ dynamodbEndpoint: database.endpoint, dataDir, env: { ...process.env, TABLE_NAME: tableName } });
      try {
        await api.setClock('2026-06-15T10:00:00Z');
        return await work(api);
      } finally {
        await api.close();
        await database.stop();
      }
    };

    const { token, childId } = await run(async (api) => {
      const token = await api.tokenFor(worker());
      const created = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment() });
      expect(created.status).toBe(201);
      return { token, childId: created.body.child.childId };
    });

    await run(async (api) => {
      const child = await api.request<{ childId: string }>('GET', `/children/${childId}`, { token });
      expect(child.status).toBe(200);
      expect(child.body.childId).toBe(childId);
      const schedule = await api.request<{ items: unknown[] }>('GET', `/children/${childId}/checkpoints?limit=100`, { token });
      expect(schedule.body.items).toHaveLength(14);
    });
  }, 60_000);
});
