import type { Flag } from '../../../lib/domain/flags';
import {
  ACTION_STATUSES,
  GOAL_STATUSES,
  MAX_AGENDA_ENTRIES,
  MAX_ACTIONS_PER_GOAL,
  MAX_GOALS,
  PLAN_TEXT,
  planVersionConflict,
  planConflict,
  planView,
  planViolations,
  reviewReasons,
  revisePlan,
  type PlanInput,
} from '../../../lib/domain/plan';
import { isPendingAction, planAgendaEntries } from '../../../lib/domain/plan-agenda';
import { DEFAULT_POLICY } from '../../../lib/domain/schedule';
import { TRANSACTION_LIMIT } from '../../../lib/data/transactions';

const stamp = (at: string) => ({ at, newId: () => '01J00000000000000000000001', policy: DEFAULT_POLICY });
const worker = { by: 'worker-1', role: 'social_worker' };
const supervisor = { by: 'boss-1', role: 'supervisor' };
const child = { childId: 'c1', enrolledOn: '2026-01-15' };
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  version: 0,
  reviewOn: '2026-09-15',
  childParticipated: true,
  childViewOnPlan: 'I want to go back to school.',
  goals: [
    {
      domain: 'education',
      goal: 'Back in school in September.',
      status: 'open',
      actions: [
        { description: 'Meet the pedagogue.', responsible: 'case worker', dueBy: '2026-07-01', status: 'planned' },
        { description: 'Buy school books.', responsible: 'aunt', dueBy: '2026-08-20', status: 'done' },
      ],
    },
    {
      domain: 'housing',
      goal: 'A safe room of her own.',
      status: 'open',
      actions: [{ description: 'Apply for the housing allowance.', responsible: 'municipal social service', dueBy: '2026-07-15', status: 'in_progress' }],
    },
    { domain: 'health', goal: 'Dental care.', status: 'dropped', actions: [] },
  ],
  ...over,
});
const regression = (over: Partial<Flag>): Pick<Flag, 'flagId' | 'type' | 'domain' | 'status' | 'raisedAt'> => ({
  flagId: 'F1',
  type: 'regression',
  domain: 'education',
  status: 'open',
  raisedAt: '2026-07-01T10:00:00.000Z',
  ...over,
});

describe('the reintegration plan (DESIGN.md v2, "Referrals, consent and the reintegration plan")', () => {
  it('the first plan is version 1, written with version 0, and keeps who wrote it when', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    expect(plan).toMatchObject({ childId: 'c1', version: 1, revisedBy: 'worker-1', revisedRole: 'social_worker', revisedAt: '2026-06-20T09:00:00.000Z' });
    expect(plan.createdAt).toBe('2026-06-20T09:00:00.000Z');
    expect(plan.revisions).toEqual([{ version: 1, by: 'worker-1', role: 'social_worker', at: '2026-06-20T09:00:00.000Z' }]);
  });

  it('each revision is the next version and lists every earlier one; the first moment stays', () => {
    const first = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    const second = revisePlan(child, first, input({ version: 1, childParticipated: false, childViewOnPlan: undefined }), supervisor, stamp('2026-07-02T09:00:00.000Z'));
    expect(second).toMatchObject({ version: 2, revisedBy: 'boss-1', createdAt: '2026-06-20T09:00:00.000Z', childParticipated: false });
    expect(second).not.toHaveProperty('childViewOnPlan');
    expect(second.revisions.map((r) => [r.version, r.by])).toEqual([
      [1, 'worker-1'],
      [2, 'boss-1'],
    ]);
  });

  it('a write must carry the current version (0 when there is none): any other is stale', () => {
    expect(planVersionConflict(undefined, 0)).toBeUndefined();
    expect(planVersionConflict(undefined, 1)).toMatch(/no plan yet/);
    expect(planVersionConflict({ version: 3 }, 3)).toBeUndefined();
    expect(planVersionConflict({ version: 3 }, 2)).toMatch(/at version 3, not 2/);
    expect(planVersionConflict({ version: 3 }, 0)).toMatch(/at version 3, not 0/);
  });

  it('a closed case’s plan no longer changes', () => {
    expect(planConflict({ status: 'closed' })).toMatch(/closed/);
    expect(planConflict({ status: 'active' })).toBeUndefined();
  });

  it('the review is today or later, and no action is due before enrolment', () => {
    expect(planViolations(input({ reviewOn: '2026-06-20' }), child, '2026-06-20')).toEqual([]);
    expect(planViolations(input({ reviewOn: '2026-06-19' }), child, '2026-06-20')).toEqual([{ path: 'body.reviewOn', message: 'must not be in the past' }]);
    const early = input();
    early.goals[1]!.actions[0]!.dueBy = '2026-01-14';
    expect(planViolations(early, child, '2026-06-20')).toEqual([{ path: 'body.goals[1].actions[0].dueBy', message: 'must not be before enrolledOn' }]);
  });

  it('the agenda gets the review and every pending action (planned, in progress) by its due date; done and cancelled ones leave it', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    expect(planAgendaEntries(plan).map((e) => [e.slot, e.kind, e.dueOn])).toEqual([
      [0, 'plan_review', '2026-09-15'],
      [1, 'plan_action', '2026-07-01'],
      [2, 'plan_action', '2026-07-15'],
    ]);
    expect(planAgendaEntries(plan)[2]).toMatchObject({ domain: 'housing', goalIndex: 1, actionIndex: 0, responsible: 'municipal social service', status: 'in_progress' });
  });

  it('the size bounds keep a plan’s agenda entries, and the transaction that writes them, within one DynamoDB transaction', () => {
    expect(MAX_AGENDA_ENTRIES).toBe(1 + MAX_GOALS * MAX_ACTIONS_PER_GOAL);
    // child check, plan, its kept version, audit, then every slot written or removed.
    expect(4 + MAX_AGENDA_ENTRIES).toBeLessThanOrEqual(TRANSACTION_LIMIT / 2);
  });

  it('an unresolved regression in a domain raised after the last revision marks that domain’s goals for review, dropped ones aside', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    const view = planView(plan, [regression({}), regression({ flagId: 'F2', domain: 'health' })]);
    expect(view.goals.map((g) => [g.domain, g.needsReview])).toEqual([
      ['education', true],
      ['housing', false],
      ['health', false],
    ]);
    expect(view.needsReview.map((r) => [r.domain, r.flagId])).toEqual([
      ['education', 'F1'],
      ['health', 'F2'],
    ]);
  });

  it('a regression before the last revision, a resolved one, and other flag types mark nothing', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    expect(
      reviewReasons(plan, [
        regression({ raisedAt: '2026-06-19T10:00:00.000Z' }),
        regression({ status: 'resolved' }),
        regression({ type: 'missed_visit', domain: undefined }),
        regression({ type: 'persistent_critical' }),
      ]),
    ).toEqual([]);
    expect(reviewReasons(plan, [regression({ status: 'acknowledged' })])).toHaveLength(1);
  });

  it('revising the plan after the regression clears the mark', () => {
    const first = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    const revised = revisePlan(child, first, input({ version: 1 }), worker, stamp('2026-07-02T09:00:00.000Z'));
    expect(planView(revised, [regression({})]).goals.every((g) => !g.needsReview)).toBe(true);
  });
});

describe('the edges of the plan’s rules', () => {
  it('an action due on the enrolment day itself is allowed', () => {
    const onEnrolment = input();
    onEnrolment.goals[0]!.actions[0]!.dueBy = child.enrolledOn;
    expect(planViolations(onEnrolment, child, '2026-06-20')).toEqual([]);
  });

  it('the child’s own view of the plan is kept with the revision; a plan written without one has none', () => {
    expect(revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z')).childViewOnPlan).toBe('I want to go back to school.');
    expect('childViewOnPlan' in revisePlan(child, undefined, input({ childViewOnPlan: undefined }), worker, stamp('2026-06-20T09:00:00.000Z'))).toBe(false);
  });

  it('the reasons for review are listed oldest first, whatever order the flags come in', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    const later = regression({ flagId: 'F2', raisedAt: '2026-07-03T10:00:00.000Z' });
    const earlier = regression({ flagId: 'F1', raisedAt: '2026-07-01T10:00:00.000Z' });
    expect(reviewReasons(plan, [later, earlier]).map((r) => r.flagId)).toEqual(['F1', 'F2']);
  });

  it('a regression raised at the very moment of the revision does not mark it: only one raised after it does', () => {
    const plan = revisePlan(child, undefined, input(), worker, stamp('2026-06-20T09:00:00.000Z'));
    expect(reviewReasons(plan, [regression({ raisedAt: '2026-06-20T09:00:00.000Z' })])).toEqual([]);
  });
});

describe('the statuses and bounds of a plan', () => {
  it('an action planned or in progress keeps its place on the agenda; one done or cancelled leaves it', () => {
    expect(ACTION_STATUSES.map((status) => [status, isPendingAction({ status })])).toEqual([
      ['planned', true],
      ['in_progress', true],
      ['done', false],
      ['cancelled', false],
    ]);
  });

  it('a regression marks an open or achieved goal of its domain for review, never a dropped one', () => {
    const plan = revisePlan(child, undefined, input({ goals: GOAL_STATUSES.map((status) => ({ domain: 'education' as const, goal: `A goal ${status}.`, status, actions: [] })) }), worker, stamp('2026-06-20T09:00:00.000Z'));
    expect(planView(plan, [regression({})]).goals.map((g) => [g.status, g.needsReview])).toEqual([
      ['open', true],
      ['achieved', true],
      ['dropped', false],
    ]);
  });

  it('free text is bounded: a goal and an action 500 characters, who is responsible 120 (docs/decisions.md), the child’s view 2000', () => {
    expect(PLAN_TEXT).toEqual({ goal: 500, description: 500, responsible: 120, childViewOnPlan: 2000 });
  });
});
