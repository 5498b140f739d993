import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { defineRoute } from '../../lib/api/route';
import type { LambdaHttpHandler } from '../../lib/http/handler';
import { startHttpServer, type HttpServer } from '../../local/http-server';

/** The local runtime's HTTP server in front of two stub handlers: what is tested is the server, not a route. */
const echo = defineRoute({
  operationId: 'echo',
  method: 'POST',
  path: '/echo',
  summary: 'Answers the length of the body it was given',
  tag: 'System',
  access: 'public',
  handler: 'test',
  request: {},
  responses: { 200: { description: 'the length' } },
});
const item = defineRoute({ ...echo, operationId: 'item', method: 'GET', path: '/items/{itemId}', summary: 'Answers its path parameter' });

const handlers: Record<string, LambdaHttpHandler> = {
  echo: async (event) => ({ statusCode: 200, body: String(event.body?.length ?? 0) }),
  item: async (event) => ({ statusCode: 200, body: JSON.stringify(event.pathParameters) }),
};

let server: HttpServer;
beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [echo, item].map((route) => ({ route, handler: handlers[route.operationId]! })),
  });
});
afterAll(() => server.close());

const LIMIT = 1_048_576;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request through node's client, on a keep-alive agent that reuses one connection whenever it can. */
function post(agent: Agent, body: Buffer | string, { chunked = false } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/echo`,
      { method: 'POST', agent, headers: chunked ? {} : { 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local server answers an oversized body 413 with Connection: close and closes the connection', () => {
  it.each([
    ['a declared Content-Length over the limit', false],
    ['a chunked body that grows over the limit', true],
  ])('%s: 413, Connection: close, and the next request on the same keep-alive agent works', async (_what, chunked) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await post(agent, Buffer.alloc(2 * LIMIT, 'a'), { chunked });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body)).toMatchObject({ status: 413, type: 'urn:reintegration:problem:payload-too-large' });
      // Before, the half-read connection went back to the agent and this request was reset (ECONNRESET).
      await expect(post(agent, '{"ok":true}')).resolves.toMatchObject({ status: 200, body: '11' });
    } finally {
      agent.destroy();
    }
  });

  it('a body within the limit keeps the connection alive', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answer = await post(agent, Buffer.alloc(LIMIT, 'a'));
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('keep-alive');
    } finally {
      agent.destroy();
    }
  });

  it('on a raw socket: the 413 arrives, then the server ends the connection instead of waiting for another request', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined); // the rest of the body may meet a closed connection; the answer is what counts
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.write(`POST /echo HTTP/1.1\r\nHost: local\r\nConnection: keep-alive\r\nContent-Length: ${2 * LIMIT}\r\n\r\n`);
    socket.write(Buffer.alloc(64 * 1024, 'a'));
    await ended;
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    const next = await post(new Agent({ keepAlive: false }), '{}');
    expect(next.status).toBe(200);
  });
});

describe('a malformed percent-encoding in a path is 400, not 500', () => {
  it.each([
    ['a truncated escape', '%E0%A4%A'],
    ['a lone %', '%'],
    ['an escape that is not UTF-8', '%FF'],
    ['an encoded lone surrogate', '%ED%A0%80'],
  ])('%s (/items/%s) is 400 problem details naming path.itemId', async (_what, raw) => {
    const response = await fetch(`${server.url}/items/${raw}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'path.itemId', message: 'is not valid percent-encoded UTF-8' }],
    });
  });

  it('a well-formed escape is still decoded for the handler', async () => {
    const response = await fetch(`${server.url}/items/%D0%90-1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ itemId: 'А-1' });
  });
});
