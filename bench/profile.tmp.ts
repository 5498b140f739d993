import './quiet';
import path from 'node:path';
import { routes } from '../lib/api/routes';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { enrolment, startApi, worker } from '../test/integration/harness';
import { benchCpu } from './cpu';
import { localState } from '../local/state';

async function main() {
  const database = await startDynamoDbLocal({ inMemory: true });
  const api = await startApi({ dynamodbEndpoint: database.endpoint });
  await api.setClock('2026-06-20T09:00:00Z');
  const token = await api.tokenFor(worker('worker-1', 'org-1'));
  const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-03-12' }) });
  await new Promise((r) => setTimeout(r, 2000));
  await Promise.all(localState.streamPollers.map((poller) => poller.stop()));
  const which = (process.env.ROUTE ?? 'getChild') as 'getChild';
  const route = routes[which];
  const { handler } = (await import(path.join(__dirname, '..', route.handler))) as { handler: never };
  const samples = {
    getChild: { path: `/children/${enrolled.body.child.childId}` },
    enrolChild: { path: '/children', body: enrolment({ enrolledOn: '2026-03-12' }) },
  } as Record<string, { path: string; body?: unknown }>;
  const result = await benchCpu(database.endpoint, [{ route, handler, token, ...samples[which]! }], Number(process.env.N ?? 5000));
  console.table(result);
  await api.close();
  await database.stop();
  process.exit(0);
}
main();
