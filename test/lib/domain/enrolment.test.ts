import { enrolmentViolations, newCheckpoints } from '../../../lib/domain/enrolment';
import { DOMAINS } from '../../../lib/domain/domains';
import { scheduleDueDates } from '../../../lib/domain/schedule';
import { AT, enrolled, input, stampAt } from './enrolled-case';

describe('enrolmentViolations: enrolment is never in the future, birth precedes it, the case code names nobody', () => {
  const today = '2025-06-01';

  it('a complete enrolment dated in the past breaks no rule (back-entry is allowed)', () => {
    expect(enrolmentViolations(input, today)).toEqual([]);
  });

  it.each([
    ['DORDEVIC-01', 'Đ written D'],
    ['DJORDJEVIC-01', 'Đ written DJ'],
  ])('a case code %s naming Đorđević (%s) is rejected at body.caseCode', (caseCode, _spelling) => {
    expect(enrolmentViolations({ ...input, familyName: 'Đorđević', caseCode }, today)).toEqual([
      { path: 'body.caseCode', message: "must not contain the child's familyName" },
    ]);
  });

  it('Đ is a letter, not nothing: the given name Đorđe does not make CORE-2025 look like a name', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Đorđe', caseCode: 'CORE-2025' }, today)).toEqual([]);
  });

  it('an enrolment dated today is accepted', () => {
    expect(enrolmentViolations({ ...input, enrolledOn: today }, today)).toEqual([]);
  });

  it('an enrolment dated tomorrow is rejected at body.enrolledOn', () => {
    expect(enrolmentViolations({ ...input, enrolledOn: '2025-06-02' }, today)).toEqual([
      { path: 'body.enrolledOn', message: 'must not be in the future' },
    ]);
  });

  it('a birth date after the enrolment date is rejected at body.birthDate', () => {
    expect(enrolmentViolations({ ...input, birthDate: '2025-02-01' }, today)).toEqual([
      { path: 'body.birthDate', message: 'must not be after enrolledOn' },
    ]);
  });

  it('a birth date on the enrolment day itself is accepted (a newborn)', () => {
    expect(enrolmentViolations({ ...input, birthDate: input.enrolledOn }, today)).toEqual([]);
  });

  it('a future enrolment and a birth after it are both reported', () => {
    const paths = enrolmentViolations({ ...input, enrolledOn: '2025-07-01', birthDate: '2025-08-01' }, today).map((v) => v.path);
    expect(paths).toEqual(['body.enrolledOn', 'body.birthDate']);
  });

  it("a case code containing the child's given name is rejected at body.caseCode", () => {
    expect(enrolmentViolations({ ...input, caseCode: 'SK-ANA-7' }, today)).toEqual([
      { path: 'body.caseCode', message: "must not contain the child's givenName" },
    ]);
  });

  it("a case code containing the child's family name is rejected, whatever the case and separators", () => {
    expect(enrolmentViolations({ ...input, caseCode: 'PETROV-SKA-1' }, today)).toEqual([
      { path: 'body.caseCode', message: "must not contain the child's familyName" },
    ]);
  });

  it('a case code containing both names reports both', () => {
    expect(enrolmentViolations({ ...input, caseCode: 'ANA-PETROVSKA' }, today).map((v) => v.message)).toEqual([
      "must not contain the child's givenName",
      "must not contain the child's familyName",
    ]);
  });

  it('names are compared without diacritics (Šćepan is found in SCEPAN-01)', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Šćepan', caseCode: 'SCEPAN-01' }, today)).toHaveLength(1);
  });

  it('names compare without spaces or hyphens (Ana-Marija is found in ANAMARIJA-1)', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Ana-Marija', caseCode: 'ANAMARIJA-1' }, today)).toHaveLength(1);
  });

  it('names shorter than three letters are not checked (too many false matches)', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Li', caseCode: 'LI-2025-1' }, today)).toEqual([]);
  });
});

describe('enrol: a new case and its whole follow-up schedule', () => {
  it('the child is active at version 1, with the caller-given ids and timestamps from the stamp', () => {
    const { child } = enrolled();
    expect(child).toMatchObject({
      childId: 'child-1',
      caseWorkerId: 'worker-1',
      organisationId: 'org-1',
      caseCode: 'SK-2025-0042',
      riskLevel: 'medium',
      status: 'active',
      version: 1,
      createdAt: AT,
      updatedAt: AT,
    });
    expect(child.closure).toBeUndefined();
  });

  it('the baseline is the first assessment of every domain, dated on the enrolment day', () => {
    const { child } = enrolled();
    for (const domain of DOMAINS) {
      expect(child.latestLevels[domain]).toEqual({ level: input.baseline[domain], assessedOn: '2025-01-31', source: 'baseline' });
    }
  });

  it.each([
    ['high', 22],
    ['medium', 14],
    ['low', 8],
  ] as const)('a %s-risk enrolment schedules %i checkpoints on the level’s due dates', (riskLevel, count) => {
    const { checkpoints } = enrolled({ riskLevel });
    expect(checkpoints).toHaveLength(count);
    expect(checkpoints.map((c) => c.dueOn)).toEqual(scheduleDueDates('2025-01-31', riskLevel));
  });

  it('a back-dated enrolment still gets its whole schedule, past due dates included (the sweep judges them)', () => {
    const { checkpoints } = enrolled({ enrolledOn: '2023-01-10', riskLevel: 'low' });
    expect(checkpoints[0]!.dueOn).toBe('2023-02-10');
    expect(checkpoints.every((c) => c.status === 'scheduled')).toBe(true);
  });

  it('every checkpoint is scheduled for all four domains, with its window and grace end, and the case fields copied', () => {
    const { checkpoints } = enrolled();
    const first = checkpoints[0]!;
    expect(first).toEqual({
      checkpointId: 'cp-001',
      childId: 'child-1',
      dueOn: '2025-02-28',
      windowOpensOn: '2025-02-14',
      graceEndsOn: '2025-03-14',
      domains: [...DOMAINS],
      status: 'scheduled',
      caseCode: 'SK-2025-0042',
      caseWorkerId: 'worker-1',
      organisationId: 'org-1',
      createdAt: AT,
      updatedAt: AT,
    });
    expect(new Set(checkpoints.map((c) => c.checkpointId)).size).toBe(checkpoints.length);
  });

  it('newCheckpoints follows the stamp’s policy for window and grace', () => {
    const { child } = enrolled();
    const [checkpoint] = newCheckpoints(child, ['2025-09-10'], { ...stampAt(AT), policy: { windowLeadDays: 7, graceDays: 21 } });
    expect(checkpoint).toMatchObject({ dueOn: '2025-09-10', windowOpensOn: '2025-09-03', graceEndsOn: '2025-10-01' });
  });

  it('newCheckpoints gives each checkpoint its own domain list (no shared array)', () => {
    const { checkpoints } = enrolled();
    expect(checkpoints[0]!.domains).not.toBe(checkpoints[1]!.domains);
  });
});
