/** A favicon inside the page, so the browser asks the API for nothing more (and logs no 404 for one). */
const ICON =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
      '<rect width="16" height="16" rx="3" fill="#1f6f5c"/><path d="M4 8.5l2.5 2.5L12 5" stroke="#fff" stroke-width="2" fill="none"/></svg>',
  ).toString('base64');

/**
 * Every link is relative, so the page works wherever the API is mounted; `root` leads from the page back to the
 * API's root: nothing from `/docs`, one level up from `/docs/`, which API Gateway routes here too.
 */
const page = (root: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Reintegration follow-up tracker — API</title>
  <link rel="icon" type="image/svg+xml" href="${ICON}">
  <link rel="stylesheet" href="${root}docs/swagger-ui.css">
</head>
<body>
  <div id="ui"></div>
  <script src="${root}docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '${root}openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: false });
  </script>
</body>
</html>`;

const pages = { '': page(''), '../': page('../') };

/** The page for the path the client asked: `/docs` or `/docs/` (the one API Gateway routes here too). */
export const docsPage = (rawPath: string): string => pages[rawPath.endsWith('/') ? '../' : ''];
