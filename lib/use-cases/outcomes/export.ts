import { exportLines } from '../../data/deidentified-export';
import type { Deps } from '../../deps';
import type { OutcomeFilter } from '../../domain/outcome-query';
import { exportSecret } from '../../export-secret';

/** The de-identified export for a filter, one JSON document a line. */
export async function exportOutcomes(deps: Deps, input: { query: OutcomeFilter }): Promise<string> {
  const lines = await exportLines(deps.db, input.query, await exportSecret(deps.config), deps.config.exportK, deps.config.disclosure);
  return `${lines.join('\n')}\n`;
}
