import { routeList } from '../../lib/api/routes';
import { localRouteList } from '../../local/routes/table';
import { startApi, type TestApi } from './harness';

let api: TestApi;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('GET /openapi.json and /docs', () => {
  it('is an OpenAPI 3.1 document with every route of the cloud’s table and of the local runtime’s own', async () => {
    const response = await api.request<{ openapi: string; paths: Record<string, Record<string, { operationId: string }>> }>(
      'GET',
      '/openapi.json',
    );
    expect(response.body.openapi).toBe('3.1.0');
    const documented = Object.entries(response.body.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(documented.sort()).toEqual([...routeList, ...localRouteList].map((r) => `${r.method} ${r.path} ${r.operationId}`).sort());
  });

  it('documents the request schemas that validate, e.g. the enrolment body and its required fields', async () => {
    const response = await api.request<{ components: { schemas: Record<string, { required?: string[] }> } }>('GET', '/openapi.json');
    expect(response.body.components.schemas.EnrolChild?.required).toEqual(
      expect.arrayContaining(['caseCode', 'givenName', 'birthDate', 'riskLevel', 'enrolledOn', 'baseline']),
    );
  });

  it('serves the docs page and its script from the packaged Swagger UI, no CDN', async () => {
    const page = await api.request<string>('GET', '/docs');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).not.toMatch(/https?:\/\//);
    const script = await api.request<string>('GET', '/docs/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000);
    expect((await api.request('GET', '/docs/package.json')).status).toBe(404);
  });

  it('serves /docs/ with a trailing slash too, and from either the page’s links reach the style, the script and the document', async () => {
    for (const page of ['/docs', '/docs/']) {
      const html = await api.request<string>('GET', page);
      expect(html.status).toBe(200);
      const base = new URL(page, api.url);
      const links = [...html.body.matchAll(/(?:href|src)="([^"]+)"|url: '([^']+)'/g)].map((m) => m[1] ?? m[2]!);
      const types = await Promise.all(
        links.filter((link) => !link.startsWith('data:')).map(async (link) => (await fetch(new URL(link, base))).headers.get('content-type')),
      );
      expect(types).toEqual(['text/css; charset=utf-8', 'text/javascript; charset=utf-8', 'application/json']);
      expect(links.filter((link) => link.startsWith('data:image/svg+xml'))).toHaveLength(1);
    }
  });

  it('declares what the docs assets are (text/css, text/javascript), a 422 on the idempotent routes, and real statuses in problem examples', async () => {
    const document = (await api.request<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, { example?: { status?: number }; properties?: { status?: { const?: number } } }> };
    }>('GET', '/openapi.json')).body;
    expect(Object.keys(document.paths['/docs/{asset}']!.get!.responses['200']!.content!)).toEqual(['text/javascript; charset=utf-8', 'text/css; charset=utf-8']);
    expect(Object.keys(document.paths['/children/{childId}/visits']!.post!.responses)).toContain('422');
    expect(Object.keys(document.components.schemas).filter((name) => name.startsWith('__'))).toEqual([]);
    const problems = Object.entries(document.components.schemas).filter(([name]) => name.endsWith('Problem'));
    expect(problems.length).toBeGreaterThanOrEqual(8);
    for (const [, schema] of problems) expect(schema.example?.status).toBe(schema.properties?.status?.const);
  });

  it('answers an unknown route 404 and a wrong method 405, as problem details', async () => {
    const missing = await api.request('GET', '/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await api.request('DELETE', '/health');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
