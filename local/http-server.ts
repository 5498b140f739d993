import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeKey, type NamedRoute } from '../lib/api/route';
import type { LambdaHttpHandler } from '../lib/http/handler';
import { BadRequest, HttpProblem, PayloadTooLarge, NotFound } from '../lib/http/problems';
import { problemResponse } from '../lib/http/problem-response';
import { inInvocation } from './invocations';

interface CompiledRoute {
  route: NamedRoute;
  pattern: RegExp;
  literal: boolean;
  handler: LambdaHttpHandler;
}

/** Reading stops here, like API Gateway's own payload limit; the handlers refuse far less (lib/http/limits.ts). */
const MAX_BODY_BYTES = 1_048_576;

function compile(route: NamedRoute, handler: LambdaHttpHandler): CompiledRoute {
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? `(?<${param[1]}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // A trailing slash reaches the same route, as in API Gateway; the handler still sees it in `rawPath`.
  return { route, pattern: new RegExp(`^${source}/?$`), literal: !route.path.includes('{'), handler };
}

/**
 * A body over the limit, refused before it was read to its end. The rest of it is still on the connection, so the
 * connection cannot carry another request: the answer says `Connection: close` and the server closes it.
 */
class BodyTooLarge extends PayloadTooLarge {
  constructor() {
    super(MAX_BODY_BYTES);
  }
}

const NO_BODY = Buffer.alloc(0);

/** The body, up to the limit; a declared length over the limit is refused before a byte of it is read. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  // Neither a length nor a chunked encoding: the request has no body (RFC 9112, 6.3), and nothing to wait for.
  if (declared === 0 && req.headers['transfer-encoding'] === undefined) return NO_BODY;
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A path parameter as the handler sees it, percent-decoded. A malformed escape (`%E0%A4%A`) or one that is not
 * UTF-8 is the caller's mistake: 400 naming the parameter, not the URIError decodeURIComponent throws.
 */
function decodePathParameter(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new BadRequest([{ path: `path.${name}`, message: 'is not valid percent-encoded UTF-8' }]);
  }
}

/** Builds the event API Gateway HTTP API (payload format 2.0) would send for this request. */
export function toApiGatewayEvent(req: IncomingMessage, url: URL, body: Buffer, route: NamedRoute, match: RegExpExecArray): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const pathParameters = Object.fromEntries(
    Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodePathParameter(name, value)]),
  );
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
}

function lambdaContext(route: NamedRoute, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: route.operationId,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.operationId}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${route.operationId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, { ...result.headers, ...(body ? { 'content-length': body.length } : {}) });
  res.end(body);
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the route table the way API Gateway does: match the route key, build a payload-2.0 event, call the
 * route's Lambda handler, write its answer back. Literal paths win over templated ones, as in API Gateway.
 */
export async function startHttpServer(options: {
  port: number;
  host: string;
  routes: ReadonlyArray<{ route: NamedRoute; handler: LambdaHttpHandler }>;
}): Promise<HttpServer> {
  const compiled = options.routes
    .map(({ route, handler }) => compile(route, handler))
    .sort((a, b) => Number(b.literal) - Number(a.literal));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const { pathname } = url;
      const candidates = compiled.filter((c) => c.pattern.test(pathname));
      const hit = candidates.find((c) => c.route.method === req.method);
      try {
        if (!hit) {
          if (candidates.length === 0) throw new NotFound('No such route.');
          const allow = candidates.map((c) => c.route.method).join(', ');
          throw new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `Allowed: ${allow}.`, { allow });
        }
        const body = await readBody(req);
        const event = toApiGatewayEvent(req, url, body, hit.route, hit.pattern.exec(pathname) as RegExpExecArray);
        const { requestId } = event.requestContext;
        send(res, await inInvocation(requestId, () => hit.handler(event, lambdaContext(hit.route, requestId))));
      } catch (error) {
        const problem = error instanceof HttpProblem ? error : new HttpProblem(500, 'internal', 'Internal error', 'The local runtime failed.');
        if (!(error instanceof HttpProblem)) console.error(error);
        const answer = problemResponse(problem, undefined);
        // Node closes the connection once an answer saying `Connection: close` is sent.
        send(res, error instanceof BodyTooLarge ? { ...answer, headers: { ...answer.headers, connection: 'close' } } : answer);
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
