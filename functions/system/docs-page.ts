import { routes } from '../../lib/api/routes';
import { httpHandler } from '../../lib/http/handler';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Reintegration follow-up tracker — API</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
  <div id="ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: false });
  </script>
</body>
</html>`;

/** Swagger UI from the packaged swagger-ui-dist, served by this API itself: no CDN. */
export const handler = httpHandler(routes.getDocs, async () => ({
  status: 200,
  body: page,
  headers: { 'cache-control': 'public, max-age=300' },
}));
