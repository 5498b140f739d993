import { routeList } from '../../../lib/api/routes';

describe('the route table declares the scope of every record a route acts on', () => {
  it.each(routeList.filter((route) => /\{(childId|flagId)\}/.test(route.path)).map((route) => [route.operationId, route] as const))(
    '%s names its record, so the shared handler loads and checks it',
    (_operationId, route) => {
      expect(route.scope).toBeDefined();
      expect(route.scope!.record).toBe(route.path.includes('{flagId}') ? 'flag' : 'child');
    },
  );

  it('no route that changes a child lets break-the-glass reach it: emergency access is read-only', () => {
    const changing = routeList.filter((route) => route.method !== 'GET' && route.scope?.record === 'child');
    expect(changing.length).toBeGreaterThan(0);
    for (const route of changing) expect(route.scope).not.toMatchObject({ access: 'read' });
  });
});
