import { docsPage } from '../../lib/api/docs-page';
import * as routes from '../../lib/api/routes/system';
import { httpHandler } from '../../lib/http/handler';

/** Swagger UI from the packaged swagger-ui-dist, served by this API itself: no CDN. */
export const handler = httpHandler(routes.getDocs, async ({ rawPath }) => ({
  status: 200,
  body: docsPage(rawPath),
  headers: { 'cache-control': 'public, max-age=300' },
}));
