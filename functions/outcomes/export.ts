import { routes } from '../../lib/api/routes';
import { exportLines } from '../../lib/data/deidentified-export';
import { exportSecret } from '../../lib/export-secret';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.exportOutcomes, async ({ query, deps }) => {
  const lines = await exportLines(deps.db, query, await exportSecret(deps.config), deps.config.exportK, deps.config.disclosure);
  return { status: 200, body: `${lines.join('\n')}\n`, headers: { 'content-disposition': 'attachment; filename="outcomes.ndjson"' } };
});
