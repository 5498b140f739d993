import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { Config } from './config';

/** Kept for an hour per container: the secret changes only when an export configuration does. */
const MAX_AGE_SECONDS = 3600;

/** The key of the export's pseudonyms: given directly (local runtime), or read from Secrets Manager (cloud). */
export async function exportSecret(config: Pick<Config, 'exportSecret'>): Promise<string> {
  const source = config.exportSecret;
  // Without a secret, pseudonyms would be linkable by anyone who can guess child ids: refuse to export.
  if (!source) throw new Error('EXPORT_PSEUDONYM_SECRET(_ARN) is not configured');
  if ('value' in source) return source.value;
  const value = await getSecret(source.arn, { maxAge: MAX_AGE_SECONDS });
  if (typeof value !== 'string' || value.length < 32) throw new Error('the export secret is missing or too short');
  return value;
}
