import { openApiDocument } from '../../lib/api/openapi';
import { routeList } from '../../lib/api/routes';
import { httpHandler } from '../../lib/http/handler';
import { routes } from '../../lib/api/routes';

let document: string | undefined;

/** Local-only routes are listed too: the document says where they exist, and the cloud answers them 404. */
export const handler = httpHandler(routes.getOpenApi, async () => {
  document ??= JSON.stringify(openApiDocument(routeList));
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
