import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { caseloadScope } from '../../lib/auth/access';
import { listAgenda } from '../../lib/data/checkpoints';
import { pageRequest } from '../../lib/data/pages';
import { today } from '../../lib/deps';
import { addDays, daysBetween } from '../../lib/domain/dates';
import { agendaCategory } from '../../lib/domain/schedule';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest } from '../../lib/http/problems';

/** Defaults: three months back (what is overdue) to a month ahead (what to plan); at most a year at once. */
const LOOK_BACK_DAYS = 90;
const LOOK_AHEAD_DAYS = 30;
const MAX_SPAN_DAYS = 366;

export const handler = httpHandler(routes.getAgenda, async ({ query, principal, audit, deps }) => {
  const day = today(deps);
  const from = query.from ?? addDays(day, -LOOK_BACK_DAYS);
  const to = query.to ?? addDays(day, LOOK_AHEAD_DAYS);
  const span = daysBetween(from, to);
  if (span < 0) throw new BadRequest([{ path: 'query.to', message: 'must not be before from' }]);
  if (span > MAX_SPAN_DAYS) throw new BadRequest([{ path: 'query.to', message: `must be within ${MAX_SPAN_DAYS} days of from` }]);

  const scope = caseloadScope(principal);
  const page = await listAgenda(deps.db, scope, { from, to }, pageRequest(query, deps.config.maxPageSize));
  // Checkpoints and the plans' reviews and pending actions, in one list by day.
  const items = page.items.map(({ entity: _entity, ...entry }) => ({
    ...entry,
    kind: 'kind' in entry ? entry.kind : ('checkpoint' as const),
    category: agendaCategory(entry.dueOn, day, deps.config.policy),
  }));
  await auditReads(deps.db, [...new Set(items.map((item) => item.childId))].map((childId) => audit('agenda.read', childId)));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
});
