import type { IsoDate } from './dates';
import type { Domain } from './domains';
import type { ActionStatus, Plan, PlanAction } from './plan';

/**
 * What a reintegration plan puts on the agenda beside the checkpoints (lib/data/plans.ts writes the entries, the agenda
 * and the worker's reminders read them).
 */

/** An action still to be done: on the agenda until it is done or cancelled. */
export const isPendingAction = (action: Pick<PlanAction, 'status'>): boolean => action.status === 'planned' || action.status === 'in_progress';

export type PlanAgendaEntry =
  | { slot: number; kind: 'plan_review'; dueOn: IsoDate; planVersion: number }
  | {
      slot: number;
      kind: 'plan_action';
      dueOn: IsoDate;
      planVersion: number;
      domain: Domain;
      goalIndex: number;
      actionIndex: number;
      description: string;
      responsible: string;
      status: ActionStatus;
    };

/**
 * What a plan puts on the agenda: its review, and every action still pending by its due date. Entries are numbered
 * (slots) in a fixed order, so a revision overwrites the slots it keeps and removes only the ones it no longer fills.
 */
export function planAgendaEntries(plan: Pick<Plan, 'version' | 'reviewOn' | 'goals'>): PlanAgendaEntry[] {
  const entries: PlanAgendaEntry[] = [{ slot: 0, kind: 'plan_review', dueOn: plan.reviewOn, planVersion: plan.version }];
  plan.goals.forEach((goal, goalIndex) =>
    goal.actions.forEach((action, actionIndex) => {
      if (!isPendingAction(action)) return;
      entries.push({
        slot: entries.length,
        kind: 'plan_action',
        dueOn: action.dueBy,
        planVersion: plan.version,
        domain: goal.domain,
        goalIndex,
        actionIndex,
        description: action.description,
        responsible: action.responsible,
        status: action.status,
      });
    }),
  );
  return entries;
}
