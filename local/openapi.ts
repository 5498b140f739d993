import { openApiDocument } from '../lib/api/openapi';
import type { NamedRoute } from '../lib/api/route';
import { routes } from '../lib/api/routes';
import { contractAnswer } from '../lib/api/served-contract';
import { httpHandler } from '../lib/http/handler';

/**
 * The local runtime's contract: the cloud's routes and its own, generated once per process from the route table (the
 * cloud's function serves the file the stack wrote: functions/system/openapi.ts).
 */
export function openApiHandler(documented: readonly NamedRoute[]) {
  let document: string | undefined;
  return httpHandler(routes.getOpenApi, async () => {
    document ??= JSON.stringify(openApiDocument(documented));
    return contractAnswer(document);
  });
}
