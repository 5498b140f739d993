import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { routeList, routes as cloudRoutes } from '../lib/api/routes';
import { createTokenVerifier } from '../lib/auth/tokens';
import { AdjustableClock } from '../lib/clock';
import { authConfig, loadConfig, tableConfig } from '../lib/config';
import { createDb } from '../lib/data/db';
import { flagEventsHandler } from '../functions/streams/flag-events';
import { EVENT_ENTITIES } from '../lib/events/flag-events';
import { OUTCOME_SOURCES } from '../lib/events/records';
import { outcomesHandler } from '../functions/streams/outcomes';
import { openApiHandler } from './openapi';
import type { Deps } from '../lib/deps';
import { documentClientFor, dynamoClientFor } from '../lib/deps/dynamodb';
import type { LambdaHttpHandler } from '../lib/http/handler';
import { createDevIssuer } from './dev-issuer';
import { startHttpServer, type HttpServer } from './http-server';
import type { BindableHandler } from './local-route';
import { LocalOutbox } from './outbox';
import type { LocalState } from './state';
import { startStreamPoller, type StreamPoller } from './stream-poller';
import { localEnvironment } from './environment';
import { localRouteList } from './routes/table';
import { ensureTable } from './tables';

const ROOT = path.resolve(__dirname, '..');

/** A route's handler, as its module exports it, bound to this runtime's dependencies and state. */
async function loadHandler(modulePath: string, deps: Deps, local: LocalState): Promise<LambdaHttpHandler> {
  const mod = (await import(path.join(ROOT, modulePath))) as { handler?: Partial<BindableHandler> };
  if (typeof mod.handler?.withDeps !== 'function') throw new Error(`${modulePath} exports no handler to bind`);
  return mod.handler.withDeps(deps, local);
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
  /**
   * Follow the table's stream (the flag-event publisher and the outcome projector), as the cloud does; `false` for a
   * test of something else that writes more records than they should follow (the sweep at scale). A table created
   * without consumers has no stream either: DynamoDB Local's writes slow down as stream records pile up, on every
   * table of the instance.
   */
  streams?: boolean;
}

/**
 * A running local runtime: its server, the dependencies its handlers were bound to (the table's client, the movable
 * clock), and its own state. A test reaches the runtime's table or pollers through this, not through a global.
 */
export interface LocalRuntime extends HttpServer, LocalState {
  deps: Deps;
}

/**
 * The product on one machine: the cloud's handlers, unchanged, behind an HTTP server that speaks API
 * Gateway's event format, on DynamoDB Local, with a dev token issuer and a movable clock.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const given = options.env ?? process.env;
  const env = localEnvironment(given, {
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    EXPORT_PSEUDONYM_SECRET: given.EXPORT_PSEUDONYM_SECRET ?? localSecret(options.dataDir, 'export-pseudonym-secret'),
  });
  const table = tableConfig(env);
  const auth = authConfig(env);
  const client = dynamoClientFor(table);
  await ensureTable(client, table.tableName, { stream: options.streams !== false });

  const inDataDir = (file: string) => (options.dataDir ? path.join(options.dataDir, file) : undefined);
  const keyFile = inDataDir('dev-issuer-key.json');
  const staffFile = inDataDir('dev-issuer-staff.json');
  const issuer = await createDevIssuer({ ...auth, ...(keyFile ? { keyFile } : {}), ...(staffFile ? { staffFile } : {}) });
  const clock = new AdjustableClock();
  const deps: Deps = {
    config: loadConfig(env),
    clock,
    db: createDb(documentClientFor(client), table.tableName),
    verifyToken: createTokenVerifier({ ...auth, keys: issuer.keys }),
    directory: issuer.directory,
  };

  const outbox = new LocalOutbox(inDataDir('outbox.ndjson'));
  const parkedFile = inDataDir('stream-parked.ndjson');
  // One poller per consumer, as each has its own event source mapping in the cloud, with the same filter.
  const consumers =
    options.streams === false
      ? []
      : [
          { name: 'flag-events', consumer: flagEventsHandler(() => outbox), entities: new Set(EVENT_ENTITIES) },
          { name: 'outcomes', consumer: outcomesHandler(() => deps), entities: OUTCOME_SOURCES },
        ];
  const streamPollers = await Promise.all(
    consumers.map(({ name, consumer, entities }) => {
      const positionFile = inDataDir(`stream-positions-${name}.json`);
      return startStreamPoller({
        client,
        endpoint: options.dynamodbEndpoint,
        tableName: table.tableName,
        name,
        consumer,
        entities,
        ...(positionFile ? { positionFile } : {}),
        ...(parkedFile ? { parkedFile } : {}),
      });
    }),
  );
  const local: LocalState = { clock, issuer, outbox, streamPollers };

  // The cloud's routes and the runtime's own; its copy of the contract documents both.
  const served = [...routeList, ...localRouteList];
  const routes = await Promise.all(
    served.map(async (route) => {
      const handler = route === cloudRoutes.getOpenApi ? openApiHandler(served).withDeps(deps) : await loadHandler(route.handler, deps, local);
      // The runtime's own routes (a dev token, the clock) write nothing to the table: no records for the pollers.
      const writes = route.method !== 'GET' && !route.localOnly;
      return { route, handler: writes ? nudgingAfter(handler, streamPollers) : handler };
    }),
  );
  const server = await startHttpServer({ port: options.port, host: options.host ?? '127.0.0.1', routes });
  return {
    ...server,
    ...local,
    deps,
    close: async () => {
      await Promise.all(streamPollers.map((poller) => poller.stop()));
      await server.close();
    },
  };
}

/**
 * A write route tells the stream pollers when it is done, so they read its records at once (in the cloud an event
 * source mapping picks a write up within about a second) and otherwise poll slowly while the table is idle.
 */
function nudgingAfter(handler: LambdaHttpHandler, pollers: readonly StreamPoller[]): LambdaHttpHandler {
  return async (event, context) => {
    try {
      return await handler(event, context);
    } finally {
      for (const poller of pollers) poller.nudge();
    }
  };
}
