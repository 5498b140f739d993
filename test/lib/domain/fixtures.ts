import { monotonicFactory } from 'ulidx';
import type { Stamp } from '../../../lib/domain/case';
import type { EnrolmentInput } from '../../../lib/domain/enrolment';
import type { Checked } from '../../../lib/domain/checked';
import { enrol } from '../../../lib/domain/enrolment';
import type { Domain, Level, LevelsByDomain } from '../../../lib/domain/domains';
import { flagSubject, type Flag } from '../../../lib/domain/flags';
import { planVisit, type CaseSnapshot, type VisitPlan } from '../../../lib/domain/visit-plan';
import type { VisitInput } from '../../../lib/domain/visits';
import { DEFAULT_POLICY } from '../../../lib/domain/schedule';

export const ENROLLED_AT = '2026-01-10T08:00:00.000Z';
export const ENROLLED_ON = '2026-01-10';

/**
 * Stamps as `lib/deps.ts` builds them (one instant, monotonic ULIDs at that instant, the default policy), each
 * one a minute after the previous, all from one factory: ids always grow in the order things are logged.
 */
export function clock(start = '2026-09-01T09:00:00.000Z'): () => Stamp {
  const ulid = monotonicFactory();
  let time = Date.parse(start);
  return () => {
    const at = time;
    time += 60_000;
    return { at: new Date(at).toISOString(), newId: () => ulid(at), policy: DEFAULT_POLICY };
  };
}

/** A low-risk enrolment on ENROLLED_ON; tests change what their rule is about. */
export const enrolmentInput: EnrolmentInput = {
  caseCode: 'SK-2026-0011',
  givenName: 'Ana',
  familyName: 'Petrovska',
  birthDate: '2012-05-01',
  sex: 'female',
  municipalityId: 'skopje',
  riskLevel: 'low',
  enrolledOn: ENROLLED_ON,
  baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
};

/** A record as the shared route handler hands it over once it found it in the caller's scope (lib/auth/scope.ts). */
export const inScope = <T>(record: T): Checked<T> => record as Checked<T>;

/** The snapshot once a plan is written: the child, the fulfilled checkpoint, the new points and flags. */
export function apply(snapshot: CaseSnapshot, plan: VisitPlan): CaseSnapshot {
  const changed = new Map(plan.changed.map((c) => [c.flag.flagId, c.flag]));
  const fulfilled = plan.fulfilled?.checkpoint;
  return {
    child: inScope(plan.child),
    checkpoints: snapshot.checkpoints.map((c) => (c.checkpointId === fulfilled?.checkpointId ? fulfilled : c)),
    points: [...snapshot.points, ...plan.points],
    flags: [...snapshot.flags.map((f) => changed.get(f.flagId) ?? f), ...plan.raised],
  };
}

export function enrolledSnapshot(baseline: Partial<LevelsByDomain> = {}): CaseSnapshot {
  const { child, checkpoints } = enrol(
    { ...enrolmentInput, baseline: { ...enrolmentInput.baseline, ...baseline }, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' },
    clock(ENROLLED_AT)(),
  );
  return { child: inScope(child), checkpoints, points: [], flags: [] };
}

export function visitOn(visitedOn: string, levels: Partial<Record<Domain, Level>>): VisitInput {
  const assessments = Object.fromEntries(Object.entries(levels).map(([domain, level]) => [domain, { level }]));
  return { visitedOn, contactType: 'home', assessments, childView: {} };
}

/** A case worker logging visits one after the other: every plan is written before the next is made. */
export function caseLog(baseline: Partial<LevelsByDomain> = {}) {
  const next = clock();
  let snapshot = enrolledSnapshot(baseline);
  return {
    get snapshot() {
      return snapshot;
    },
    /** Plans the visit and writes the plan; returns the plan. */
    log(visit: VisitInput): VisitPlan {
      const plan = planVisit(snapshot, visit, 'worker-1', next());
      snapshot = apply(snapshot, plan);
      return plan;
    },
    /** Replaces a stored flag, as a person's action on it would. */
    update(flag: Flag) {
      snapshot = { ...snapshot, flags: snapshot.flags.map((f) => (f.flagId === flag.flagId ? flag : f)) };
    },
    stamp: next,
    flagOf(visitId: string, domain: Domain): Flag {
      const flag = snapshot.flags.find((f) => f.subject === flagSubject.regression(visitId, domain));
      if (!flag) throw new Error(`no regression flag for ${visitId} ${domain}`);
      return flag;
    },
  };
}

/** The shared enrolment, by worker-1 of org-1: the child whose summary the officers' views (flags, referrals) show. */
export const { child: enrolledChild } = enrol(
  { ...enrolmentInput, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' },
  clock('2026-01-10T08:00:00.000Z')(),
);

/** All an officer's view says of that child: its case code, its age band and its latest levels. */
export const OFFICER_SUMMARY = {
  caseCode: 'SK-2026-0011',
  ageBand: '12-14',
  latestLevels: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
};
