import fc from 'fast-check';
import { enrol } from '../../../lib/domain/enrolment';
import { addDays, daysBetween } from '../../../lib/domain/dates';
import { DOMAINS, LEVELS, type Domain, type Level } from '../../../lib/domain/domains';
import { isUnresolved, type Flag } from '../../../lib/domain/flags';
import { RISK_LEVELS, SCHEDULE_MONTHS, scheduleDueDates, type RiskLevel } from '../../../lib/domain/schedule';
import { planVisit, type CaseSnapshot } from '../../../lib/domain/visit-plan';
import type { VisitInput } from '../../../lib/domain/visits';
import { apply, clock, enrolmentInput, inScope } from './fixtures';

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const riskLevel = fc.constantFrom<RiskLevel>(...RISK_LEVELS);

describe('the schedule, for any enrolment date and risk level', () => {
  it('has the number of checkpoints of its risk level, strictly increasing, all after enrolment', () => {
    fc.assert(
      fc.property(isoDate, riskLevel, (enrolledOn, risk) => {
        const due = scheduleDueDates(enrolledOn, risk);
        expect(due).toHaveLength(SCHEDULE_MONTHS[risk].length);
        due.forEach((d, i) => expect(daysBetween(i === 0 ? enrolledOn : due[i - 1]!, d)).toBeGreaterThan(0));
      }),
    );
  });

  it('falls on the enrolment day of the month, or the month’s last day when that month is shorter', () => {
    fc.assert(
      fc.property(isoDate, riskLevel, (enrolledOn, risk) => {
        const day = Number(enrolledOn.slice(8));
        for (const d of scheduleDueDates(enrolledOn, risk)) {
          const dueDay = Number(d.slice(8));
          // Day 0 of the next month is the last day of this one.
          const lastOfMonth = new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).getUTCDate();
          expect(dueDay).toBe(Math.min(day, lastOfMonth));
        }
      }),
    );
  });

  it('gives every checkpoint a window that opens 14 days before it is due and a grace period ending 14 days after', () => {
    fc.assert(
      fc.property(isoDate, riskLevel, (enrolledOn, risk) => {
        const { checkpoints } = enrol(
          { ...enrolmentInput, enrolledOn, riskLevel: risk, childId: 'c', recordKey: 17, caseWorkerId: 'w', organisationId: 'o' },
          clock()(),
        );
        for (const c of checkpoints) {
          expect(daysBetween(c.windowOpensOn, c.dueOn)).toBe(14);
          expect(daysBetween(c.dueOn, c.graceEndsOn)).toBe(14);
          expect(c.status).toBe('scheduled');
        }
      }),
    );
  });
});

/** Visits within the first year after an enrolment on 2026-01-10, each assessing a random subset of domains. */
const visits = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 365 }),
    levels: fc.dictionary(fc.constantFrom<Domain>(...DOMAINS), fc.constantFrom<Level>(...LEVELS), { minKeys: 1 }),
  }),
  { minLength: 1, maxLength: 6 },
);

const toInput = ({ day, levels }: { day: number; levels: Partial<Record<Domain, Level>> }): VisitInput => ({
  visitedOn: addDays('2026-01-10', day),
  contactType: 'home',
  assessments: Object.fromEntries(Object.entries(levels).map(([d, level]) => [d, { level }])),
  childView: { rating: 3 },
});

/** Logs the visits in the given order; returns the final snapshot and which input each visit id came from. */
function logAll(inputs: readonly VisitInput[], order: readonly number[]) {
  const stamp = clock();
  const { child, checkpoints } = enrol({ ...enrolmentInput, riskLevel: 'high', childId: 'c', recordKey: 17, caseWorkerId: 'w', organisationId: 'o' }, stamp());
  let snapshot: CaseSnapshot = { child: inScope(child), checkpoints, points: [], flags: [] };
  const inputOf = new Map<string, number>();
  const plans = [];
  for (const index of order) {
    const plan = planVisit(snapshot, inputs[index]!, 'w', stamp());
    inputOf.set(plan.visit.visitId, index);
    plans.push(plan);
    snapshot = apply(snapshot, plan);
  }
  return { snapshot, inputOf, plans };
}

/** Standing regression flags named by input, not by id (ids depend on the order of logging). */
const standing = (flags: readonly Flag[], inputOf: Map<string, number>) =>
  flags
    .filter((f) => f.type === 'regression' && isUnresolved(f))
    .map((f) => `${inputOf.get(f.evidence.visitId!)}:${f.domain}:${f.severity}:${f.evidence.fromLevel}>${f.evidence.toLevel}`)
    .sort();

describe('regression flags and fulfilment, for any set of visits', () => {
  // Two visits on one day are ordered by the order they were logged; distinct days keep the property exact.
  const distinctDays = visits.filter((vs) => new Set(vs.map((v) => v.day)).size === vs.length);

  it('leave the same standing regression flags whatever the order the visits arrive in', () => {
    fc.assert(
      fc.property(
        distinctDays.chain((vs) => fc.tuple(fc.constant(vs), fc.shuffledSubarray([...vs.keys()], { minLength: vs.length }))),
        ([vs, arrival]) => {
          const inputs = vs.map(toInput);
          const byDate = [...inputs.keys()].sort((a, b) => inputs[a]!.visitedOn.localeCompare(inputs[b]!.visitedOn));
          const inDateOrder = logAll(inputs, byDate);
          const inArrivalOrder = logAll(inputs, arrival);
          expect(standing(inArrivalOrder.snapshot.flags, inArrivalOrder.inputOf)).toEqual(standing(inDateOrder.snapshot.flags, inDateOrder.inputOf));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never let one visit fulfil two checkpoints, nor a checkpoint be fulfilled twice', () => {
    fc.assert(
      fc.property(visits, (vs) => {
        const { snapshot, plans } = logAll(vs.map(toInput), [...vs.keys()]);
        const fulfilledBy = snapshot.checkpoints.filter((c) => c.visitId).map((c) => c.visitId);
        expect(new Set(fulfilledBy).size).toBe(fulfilledBy.length);
        expect(plans.filter((p) => p.fulfilled).length).toBe(fulfilledBy.length);
      }),
      { numRuns: 200 },
    );
  });
});
