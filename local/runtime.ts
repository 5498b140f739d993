import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { routeList, routes as cloudRoutes } from '../lib/api/routes';
import { createTokenVerifier } from '../lib/auth/tokens';
import { authConfig, loadConfig, tableConfig } from '../lib/config';
import { createDb } from '../lib/data/db';
import { flagEventsHandler } from '../functions/streams/flag-events';
import { outcomesHandler } from '../functions/streams/outcomes';
import { openApiHandler } from '../functions/system/openapi';
import { documentClientFor, dynamoClientFor, setDeps } from '../lib/deps';
import { createDevIssuer } from './dev-issuer';
import { startHttpServer, type HttpServer, type LambdaHttpHandler } from './http-server';
import { LocalOutbox } from './outbox';
import { localState } from './state';
import { startStreamPoller } from './stream-poller';
import { localEnvironment } from './environment';
import { localRouteList } from './routes/table';
import { ensureTable } from './tables';

const ROOT = path.resolve(__dirname, '..');

async function loadHandler(modulePath: string): Promise<LambdaHttpHandler> {
  const mod = (await import(path.join(ROOT, modulePath))) as { handler?: LambdaHttpHandler };
  if (typeof mod.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return mod.handler;
}

/** A random secret kept in the data folder (or for this run only), so local pseudonyms stay stable across restarts. */
function localSecret(dataDir: string | undefined, name: string): string {
  const file = dataDir && path.join(dataDir, name);
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (file) writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface LocalRuntimeOptions {
  dynamodbEndpoint: string;
  port: number;
  host?: string;
  /** Where the dev issuer key, the outbox and the stream positions are kept; omitted → in memory (tests). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The product on one machine: the cloud's handlers, unchanged, behind an HTTP server that speaks API
 * Gateway's event format, on DynamoDB Local, with a dev token issuer and a movable clock.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<HttpServer> {
  const given = options.env ?? process.env;
  const env = localEnvironment(given, {
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    EXPORT_PSEUDONYM_SECRET: given.EXPORT_PSEUDONYM_SECRET ?? localSecret(options.dataDir, 'export-pseudonym-secret'),
  });
  const config = loadConfig(env);
  const table = tableConfig(env);
  const auth = authConfig(env);
  const client = dynamoClientFor(table);
  await ensureTable(client, table.tableName);

  const inDataDir = (file: string) => (options.dataDir ? path.join(options.dataDir, file) : undefined);
  const keyFile = inDataDir('dev-issuer-key.json');
  const staffFile = inDataDir('dev-issuer-staff.json');
  const issuer = await createDevIssuer({ ...auth, ...(keyFile ? { keyFile } : {}), ...(staffFile ? { staffFile } : {}) });
  localState.issuer = issuer;
  setDeps({
    config,
    clock: localState.clock,
    db: createDb(documentClientFor(client), table.tableName),
    verifyToken: createTokenVerifier({ ...auth, keys: issuer.keys }),
    directory: issuer.directory,
  });

  const outbox = new LocalOutbox(inDataDir('outbox.ndjson'));
  localState.outbox = outbox;
  const parkedFile = inDataDir('stream-parked.ndjson');
  // One poller per consumer, as each has its own event source mapping in the cloud.
  const consumers = [
    { name: 'flag-events', consumer: flagEventsHandler(() => outbox) },
    { name: 'outcomes', consumer: outcomesHandler() },
  ];
  localState.streamPollers = await Promise.all(
    consumers.map(({ name, consumer }) => {
      const positionFile = inDataDir(`stream-positions-${name}.json`);
      return startStreamPoller({
        client,
        endpoint: options.dynamodbEndpoint,
        tableName: table.tableName,
        name,
        consumer,
        ...(positionFile ? { positionFile } : {}),
        ...(parkedFile ? { parkedFile } : {}),
      });
    }),
  );

  // The cloud's routes and the runtime's own; its copy of the contract documents both.
  const served = [...routeList, ...localRouteList];
  const routes = await Promise.all(
    served.map(async (route) => ({ route, handler: route === cloudRoutes.getOpenApi ? openApiHandler(served) : await loadHandler(route.handler) })),
  );
  const server = await startHttpServer({ port: options.port, host: options.host ?? '127.0.0.1', routes });
  return {
    ...server,
    close: async () => {
      await Promise.all(localState.streamPollers.map((poller) => poller.stop()));
      await server.close();
    },
  };
}
