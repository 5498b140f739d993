import { routes } from '../../lib/api/routes';
import { exportLines } from '../../lib/data/deidentified-export';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.exportOutcomes, async ({ query, deps }) => {
  const { exportSecret, exportK } = deps.config;
  // Without a secret, pseudonyms would be linkable by anyone who can guess child ids: refuse to export.
  if (!exportSecret) throw new Error('EXPORT_PSEUDONYM_SECRET is not configured');
  const lines = await exportLines(deps.db, query, exportSecret, exportK);
  return { status: 200, body: `${lines.join('\n')}\n`, headers: { 'content-disposition': 'attachment; filename="outcomes.ndjson"' } };
});
