import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as routes from '../../lib/api/routes/system';
import { DOCS_ASSETS } from '../../lib/api/docs-assets';
import { httpHandler } from '../../lib/http/handler';
import { NotFound } from '../../lib/http/problems';

/**
 * In the cloud the route's `assets` are copied next to the bundle, where Lambda's LAMBDA_TASK_ROOT points; locally
 * they are read from the installed package.
 */
function assetPath(name: string): string {
  const dir = process.env.LAMBDA_TASK_ROOT ?? path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return path.join(dir, name);
}

const cache = new Map<string, string>();

export const handler = httpHandler(routes.getDocsAsset, async ({ path: { asset } }) => {
  const contentType = DOCS_ASSETS.get(asset);
  if (!contentType) throw new NotFound('No such file.');
  const body = cache.get(asset) ?? readFileSync(assetPath(asset), 'utf8');
  cache.set(asset, body);
  return { status: 200, body, headers: { 'content-type': contentType, 'cache-control': 'public, max-age=86400' } };
});
