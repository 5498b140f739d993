import { openApiDocument } from '../../lib/api/openapi';
import type { NamedRoute } from '../../lib/api/route';
import { routeList } from '../../lib/api/routes';
import * as routes from '../../lib/api/routes/system';
import { httpHandler } from '../../lib/http/handler';

/** The contract of the given routes, written once per container. The local runtime adds its own routes (local/runtime.ts). */
export function openApiHandler(documented: readonly NamedRoute[]) {
  let document: string | undefined;
  return httpHandler(routes.getOpenApi, async () => {
    document ??= JSON.stringify(openApiDocument(documented));
    return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
  });
}

/** The cloud's contract: the cloud's routes only, as API Gateway serves them. */
export const handler = openApiHandler(routeList);
