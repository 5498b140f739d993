import type { Child, Stamp, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';
import type { Domain } from './domains';
import type { Actor, Flag } from './flags';

/**
 * The child's reintegration plan (DESIGN.md v2, "Referrals, consent and the reintegration plan"): goals per domain,
 * each with actions that have a responsible party, a due date and a status; a review date; whether the child took
 * part, and the child's own view of the plan. One plan per child, revised as a whole under a version number.
 */
export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * Bounds that keep every write of a plan one DynamoDB transaction, with room to spare for a change of the case that
 * carries the plan's agenda entries along (docs/decisions.md, "Issue 16: the plan"): at most MAX_GOALS goals of at
 * most MAX_ACTIONS_PER_GOAL actions, so at most 1 + 8 × 4 = 33 agenda entries.
 */
export const MAX_GOALS = 8;
export const MAX_ACTIONS_PER_GOAL = 4;
export const MAX_AGENDA_ENTRIES = 1 + MAX_GOALS * MAX_ACTIONS_PER_GOAL;

/** The free-text bounds of a plan (UTF-16 units, as stored). */
export const PLAN_TEXT = { goal: 500, description: 500, responsible: 120, childViewOnPlan: 2000 } as const;

export interface PlanAction {
  description: string;
  /** Who carries it out, in a few words ("case worker", "school pedagogue", "the aunt"): free short text, see decisions. */
  responsible: string;
  dueBy: IsoDate;
  status: ActionStatus;
}

export interface PlanGoal {
  domain: Domain;
  goal: string;
  status: GoalStatus;
  actions: PlanAction[];
}

export interface PlanInput {
  /** The version the writer read: 0 when the child has no plan yet. */
  version: number;
  reviewOn: IsoDate;
  childParticipated: boolean;
  childViewOnPlan?: string;
  goals: PlanGoal[];
}

/** Who made one revision of the plan, when. */
export interface PlanRevision {
  version: number;
  by: string;
  role: string;
  at: string;
}

export interface Plan {
  childId: string;
  /** 1 for the first plan, one more at each revision. */
  version: number;
  reviewOn: IsoDate;
  childParticipated: boolean;
  childViewOnPlan?: string;
  goals: PlanGoal[];
  revisedBy: string;
  revisedRole: string;
  revisedAt: string;
  /** The first plan's moment. */
  createdAt: string;
  /** Who revised the plan when, every version, oldest first (the full earlier versions are kept apart). */
  revisions: PlanRevision[];
}

/** A plan's version conflict: the writer must have read the current version (0 when there is none yet). */
export function planVersionConflict(current: Pick<Plan, 'version'> | undefined, version: number): string | undefined {
  const at = current?.version ?? 0;
  if (version === at) return undefined;
  return at === 0
    ? `The child has no plan yet; the first plan is written with version 0, not ${version}.`
    : `The plan is at version ${at}, not ${version}; read it again.`;
}

/** A plan of a closed case no longer changes: follow-up has ended (it is kept as it was). */
export function planConflict(child: Pick<Child, 'status'>): string | undefined {
  return child.status === 'closed' ? 'The case is closed; its plan can no longer change.' : undefined;
}

/**
 * Rules beyond field formats: a review is planned for today or later, and no action is due before the child was
 * enrolled (a due date in the past is allowed: a plan records what was already done).
 */
export function planViolations(input: PlanInput, child: Pick<Child, 'enrolledOn'>, today: IsoDate): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(today, input.reviewOn) < 0) violations.push({ path: 'body.reviewOn', message: 'must not be in the past' });
  input.goals.forEach((goal, g) =>
    goal.actions.forEach((action, a) => {
      if (daysBetween(child.enrolledOn, action.dueBy) < 0) {
        violations.push({ path: `body.goals[${g}].actions[${a}].dueBy`, message: 'must not be before enrolledOn' });
      }
    }),
  );
  return violations;
}

/** The plan as it will be stored: the next version, with who revised it when; the earlier revisions stay listed. */
export function revisePlan(child: Pick<Child, 'childId'>, current: Plan | undefined, input: PlanInput, actor: Actor, stamp: Stamp): Plan {
  const version = (current?.version ?? 0) + 1;
  const { version: _read, childViewOnPlan, ...fields } = input;
  return {
    childId: child.childId,
    ...fields,
    ...(childViewOnPlan !== undefined ? { childViewOnPlan } : {}),
    version,
    revisedBy: actor.by,
    revisedRole: actor.role,
    revisedAt: stamp.at,
    createdAt: current?.createdAt ?? stamp.at,
    revisions: [...(current?.revisions ?? []), { version, by: actor.by, role: actor.role, at: stamp.at }],
  };
}

/** A regression that calls a domain's goals into question. */
export interface ReviewReason {
  domain: Domain;
  flagId: string;
  raisedAt: string;
}

/**
 * "A regression flag in a domain marks that domain's goals as needing review", derived when the plan is read: an
 * unresolved regression flag of the domain raised after the plan's last revision marks every goal of that domain
 * that is not dropped. Revising the plan (a new version) or resolving the flag clears the mark; nothing is written
 * when a visit raises the flag, so the visit's transaction does not grow with the plan.
 */
export function reviewReasons(plan: Pick<Plan, 'revisedAt'>, flags: readonly Pick<Flag, 'flagId' | 'type' | 'domain' | 'status' | 'raisedAt'>[]): ReviewReason[] {
  return flags
    .filter(
      (flag) =>
        flag.type === 'regression' &&
        // Stryker disable next-line ConditionalExpression: equivalent — a regression flag always names its domain (regression.ts raises it in the visit's domain)
        flag.domain !== undefined &&
        flag.status !== 'resolved' &&
        flag.raisedAt > plan.revisedAt,
    )
    .map((flag) => ({ domain: flag.domain!, flagId: flag.flagId, raisedAt: flag.raisedAt }))
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

/** The plan as read: each goal says whether it needs review, and the plan lists why. */
export function planView(plan: Plan, flags: readonly Pick<Flag, 'flagId' | 'type' | 'domain' | 'status' | 'raisedAt'>[]) {
  const reasons = reviewReasons(plan, flags);
  const domains = new Set(reasons.map((reason) => reason.domain));
  return {
    ...plan,
    goals: plan.goals.map((goal) => ({ ...goal, needsReview: goal.status !== 'dropped' && domains.has(goal.domain) })),
    needsReview: reasons,
  };
}
