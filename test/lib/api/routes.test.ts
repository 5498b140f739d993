import { routeList } from '../../../lib/api/routes';

describe('the route table declares the scope of every record a route acts on', () => {
  it.each(routeList.filter((route) => /\{(childId|flagId|referralId)\}/.test(route.path)).map((route) => [route.operationId, route] as const))(
    '%s names its record, so the shared handler loads and checks it',
    (_operationId, route) => {
      expect(route.scope).toBeDefined();
      expect(route.scope!.record).toBe(route.path.includes('{flagId}') ? 'flag' : route.path.includes('{referralId}') ? 'referral' : 'child');
    },
  );

  it('no route that changes a child lets break-the-glass reach it: emergency access is read-only', () => {
    const changing = routeList.filter((route) => route.method !== 'GET' && route.scope?.record === 'child');
    expect(changing.length).toBeGreaterThan(0);
    for (const route of changing) expect(route.scope).not.toMatchObject({ access: 'read' });
  });
});

describe('the examples Swagger UI prefills', () => {
  const withExamples = routeList.flatMap((route) => {
    const example = (route.request.body?.meta() as { example?: unknown } | undefined)?.example;
    return example === undefined ? [] : [[route.operationId, route.request.body!, example] as const];
  });

  it.each(withExamples)('the %s body example passes the schema that validates the request', (_operationId, schema, example) => {
    expect(schema.safeParse(example).error?.issues).toBeUndefined();
  });

  it('the enrolment example names no case worker, so a social worker executing it enrols onto their own caseload', () => {
    const [, , example] = withExamples.find(([operationId]) => operationId === 'enrolChild')!;
    expect(example).not.toHaveProperty('caseWorkerId');
  });
});
