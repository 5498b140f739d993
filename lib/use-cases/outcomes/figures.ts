import { outcomesFor } from '../../data/outcomes';
import { today, type Deps } from '../../deps';
import type { IsoDate } from '../../domain/dates';
import type { OutcomeFilter } from '../../domain/outcome-query';

/** The released figures for a filter, today or on a day the sweep kept: what the JSON answer and the page both show. */
export const outcomeFigures = (deps: Deps, input: { query: OutcomeFilter & { asOf?: IsoDate | undefined } }) =>
  outcomesFor(deps.db, input.query, today(deps), deps.config.disclosure);
