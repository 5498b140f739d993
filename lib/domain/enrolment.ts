import type { Checkpoint, Child, LatestLevel, Stamp, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';
import { DOMAINS, type Domain } from './domains';
import { graceEndsOn, scheduleDueDates, windowOpensOn } from './schedule';
import { containsName } from './transliteration';

export type EnrolmentInput = Pick<
  Child,
  'caseCode' | 'givenName' | 'familyName' | 'birthDate' | 'sex' | 'municipalityId' | 'riskLevel' | 'enrolledOn' | 'baseline'
>;

/** Rules beyond field formats: enrolment is never in the future, birth precedes it, the case code names nobody. */
export function enrolmentViolations(input: EnrolmentInput, today: IsoDate): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(input.enrolledOn, today) < 0) {
    violations.push({ path: 'body.enrolledOn', message: 'must not be in the future' });
  }
  if (daysBetween(input.birthDate, input.enrolledOn) < 0) {
    violations.push({ path: 'body.birthDate', message: 'must not be after enrolledOn' });
  }
  // Names are typed in Cyrillic or Latin, with or without diacritics; the code is ASCII (lib/domain/transliteration.ts).
  for (const field of ['givenName', 'familyName'] as const) {
    if (containsName(input.caseCode, input[field])) {
      violations.push({ path: 'body.caseCode', message: `must not contain the child's ${field}` });
    }
  }
  return violations;
}

export function newCheckpoints(child: Child, dueDates: readonly IsoDate[], stamp: Stamp): Checkpoint[] {
  return dueDates.map((dueOn) => ({
    checkpointId: stamp.newId(),
    childId: child.childId,
    dueOn,
    windowOpensOn: windowOpensOn(dueOn, stamp.policy),
    graceEndsOn: graceEndsOn(dueOn, stamp.policy),
    domains: [...DOMAINS],
    status: 'scheduled',
    caseCode: child.caseCode,
    caseWorkerId: child.caseWorkerId,
    organisationId: child.organisationId,
    createdAt: stamp.at,
    updatedAt: stamp.at,
  }));
}

/** A new case and its whole follow-up schedule; the baseline is the first assessment of every domain. */
export function enrol(
  input: EnrolmentInput & { childId: string; recordKey: number; caseWorkerId: string; organisationId: string },
  stamp: Stamp,
): { child: Child; checkpoints: Checkpoint[] } {
  const { childId, caseWorkerId, organisationId, ...fields } = input;
  const child: Child = {
    ...fields,
    childId,
    caseWorkerId,
    organisationId,
    latestLevels: Object.fromEntries(
      DOMAINS.map((domain) => [domain, { level: input.baseline[domain], assessedOn: input.enrolledOn, source: 'baseline' }]),
    ) as Record<Domain, LatestLevel>,
    status: 'active',
    version: 1,
    createdAt: stamp.at,
    updatedAt: stamp.at,
  };
  return { child, checkpoints: newCheckpoints(child, scheduleDueDates(input.enrolledOn, input.riskLevel), stamp) };
}
