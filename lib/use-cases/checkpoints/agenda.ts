import { caseloadScope } from '../../auth/access';
import type { CaseManager } from '../../auth/scope';
import { auditReads } from '../../data/audit';
import { listAgenda } from '../../data/checkpoints';
import { pageRequest } from '../../data/pages';
import { today, type Deps } from '../../deps';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates';
import { InvalidInput } from '../../domain/errors';
import { agendaCategory } from '../../domain/schedule';
import type { Caller, PageQuery } from '../caller';

/** Defaults: three months back (what is overdue) to a month ahead (what to plan); at most a year at once. */
const LOOK_BACK_DAYS = 90;
const LOOK_AHEAD_DAYS = 30;
const MAX_SPAN_DAYS = 366;

/** The days an agenda covers: those asked, or the defaults around today; never backwards, never more than a year. */
export function agendaWindow(asked: { from?: IsoDate | undefined; to?: IsoDate | undefined }, day: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = asked.from ?? addDays(day, -LOOK_BACK_DAYS);
  const to = asked.to ?? addDays(day, LOOK_AHEAD_DAYS);
  const span = daysBetween(from, to);
  if (span < 0) throw new InvalidInput([{ path: 'query.to', message: 'must not be before from' }]);
  if (span > MAX_SPAN_DAYS) throw new InvalidInput([{ path: 'query.to', message: `must be within ${MAX_SPAN_DAYS} days of from` }]);
  return { from, to };
}

/** The caller's agenda: checkpoints and the plans' reviews and pending actions, in one list by day, each with its category. */
export async function getAgenda(deps: Deps, input: Caller<CaseManager> & { query: PageQuery & { from?: IsoDate | undefined; to?: IsoDate | undefined } }) {
  const { principal, audit, query } = input;
  const day = today(deps);
  const page = await listAgenda(deps.db, caseloadScope(principal), agendaWindow(query, day), pageRequest(query, deps.config.maxPageSize));
  const items = page.items.map(({ entity: _entity, ...entry }) => ({
    ...entry,
    kind: 'kind' in entry ? entry.kind : ('checkpoint' as const),
    category: agendaCategory(entry.dueOn, day, deps.config.policy),
  }));
  await auditReads(deps.db, [...new Set(items.map((item) => item.childId))].map((childId) => audit('agenda.read', childId)));
  return { items, nextCursor: page.nextCursor };
}
