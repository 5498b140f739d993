import path from 'node:path';
import { routeList } from '../lib/api/routes';
import { createTokenVerifier } from '../lib/auth/tokens';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/data/db';
import { documentClientFor, dynamoClientFor, setDeps } from '../lib/deps';
import { createDevIssuer } from './dev-issuer';
import { startHttpServer, type HttpServer, type LambdaHttpHandler } from './http-server';
import { localState } from './state';
import { ensureTable } from './tables';

const ROOT = path.resolve(__dirname, '..');

async function loadHandler(modulePath: string): Promise<LambdaHttpHandler> {
  const mod = (await import(path.join(ROOT, modulePath))) as { handler?: LambdaHttpHandler };
  if (typeof mod.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return mod.handler;
}

export interface LocalRuntimeOptions {
  dynamodbEndpoint: string;
  port: number;
  host?: string;
  /** Where the dev issuer keeps its signing key; omitted → an in-memory key (tests). */
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The product on one machine: the cloud's handlers, unchanged, behind an HTTP server that speaks API
 * Gateway's event format, on DynamoDB Local, with a dev token issuer and a movable clock.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<HttpServer> {
  const config = loadConfig({ ...(options.env ?? process.env), DYNAMODB_ENDPOINT: options.dynamodbEndpoint });
  const client = dynamoClientFor(config);
  await ensureTable(client, config.tableName);

  const issuer = await createDevIssuer({ ...config.auth, ...(options.keyFile ? { keyFile: options.keyFile } : {}) });
  localState.issuer = issuer;
  setDeps({
    config,
    clock: localState.clock,
    db: createDb(documentClientFor(client), config.tableName),
    verifyToken: createTokenVerifier({ ...config.auth, keys: issuer.keys }),
  });

  const routes = await Promise.all(routeList.map(async (route) => ({ route, handler: await loadHandler(route.handler) })));
  return startHttpServer({ port: options.port, host: options.host ?? '127.0.0.1', routes });
}
