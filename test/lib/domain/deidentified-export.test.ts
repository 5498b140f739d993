import { DEFAULT_EXPORT_K, GENERALISED_MUNICIPALITY, anonymise, exportRow, pseudonym, referralExportRow, type ExportSubject } from '../../../lib/domain/deidentified-export';
import type { Referral } from '../../../lib/domain/referrals';
import { monthsSince } from '../../../lib/domain/dates';

const subject = (n: number, overrides: Partial<ExportSubject> = {}): ExportSubject => ({
  childId: `01J00000000000000000000${String(n).padStart(3, '0')}`,
  cohort: '2026-Q1',
  ageBand: '12-14',
  sex: 'female',
  municipalityId: 'skopje',
  enrolledOn: '2026-02-10',
  ...overrides,
});
const many = (count: number, from: number, overrides: Partial<ExportSubject> = {}) =>
  Array.from({ length: count }, (_, i) => subject(from + i, overrides));

describe('k-anonymity of the export on (age band, sex, municipality, cohort), counted in children', () => {
  it('k is 11 unless configured (DESIGN.md), and small classes are generalised to the municipality "other"', () => {
    expect(DEFAULT_EXPORT_K).toBe(11);
    expect(GENERALISED_MUNICIPALITY).toBe('other');
  });

  it('a class of exactly k children is exported as it is; k−1 is not', () => {
    const { kept, childrenGeneralised, childrenDropped } = anonymise([...many(11, 0), ...many(10, 100, { municipalityId: 'bitola' })], 11);
    expect([...kept.values()].filter((m) => m === 'skopje')).toHaveLength(11);
    expect(childrenGeneralised + childrenDropped).toBe(10);
  });

  it('a class of exactly k children lends none of them to the generalised class: the smaller classes beside it are dropped', () => {
    const { kept, childrenGeneralised, childrenDropped } = anonymise([...many(11, 0), ...many(10, 100, { municipalityId: 'bitola' })], 11);
    expect([...kept.values()]).toEqual(Array(11).fill('skopje'));
    expect({ childrenGeneralised, childrenDropped }).toEqual({ childrenGeneralised: 0, childrenDropped: 10 });
  });

  it('small classes are generalised to municipality "other" when together they reach k', () => {
    const subjects = [...many(6, 0, { municipalityId: 'bitola' }), ...many(5, 100, { municipalityId: 'ohrid' })];
    const result = anonymise(subjects, 11);
    expect([...result.kept.values()]).toEqual(Array(11).fill('other'));
    expect(result).toMatchObject({ childrenGeneralised: 11, childrenDropped: 0 });
  });

  it('a small class whose generalised class is still smaller than k is dropped', () => {
    const subjects = [...many(12, 0), ...many(4, 100, { municipalityId: 'bitola' }), ...many(3, 200, { sex: 'male', municipalityId: 'ohrid' })];
    const result = anonymise(subjects, 11);
    expect(result.kept.size).toBe(12);
    expect(result).toMatchObject({ childrenGeneralised: 0, childrenDropped: 7 });
  });

  it('classes differ by every quasi-identifier: another age band, sex or cohort is another class', () => {
    const subjects = [...many(6, 0), ...many(6, 100, { ageBand: '15-17' })];
    expect(anonymise(subjects, 11).kept.size).toBe(0);
  });
});

describe('an export row', () => {
  const visit = {
    visitedOn: '2026-05-09',
    contactType: 'home' as const,
    assessments: { housing: { level: 'at_risk' as const, note: 'NOTE-TEXT', indicators: { arrangement: 'family' as const, safe: false } } },
  };

  it('holds a pseudonym, month-level time and levels only: no id, name, date, note or indicator', () => {
    const row = exportRow(subject(1), 'skopje', visit, 's'.repeat(32));
    expect(row).toEqual({
      row: 'visit',
      pseudonym: pseudonym(subject(1).childId, 's'.repeat(32)),
      cohort: '2026-Q1',
      ageBand: '12-14',
      sex: 'female',
      municipalityId: 'skopje',
      monthsSinceEnrolment: 2,
      contactType: 'home',
      levels: { education: null, housing: 'at_risk', health: null, vocational_training: null },
    });
    expect(JSON.stringify(row)).not.toMatch(/01J0|2026-05|2026-02-10|NOTE-TEXT|family/);
  });

  it('the pseudonym is 22 base64url characters of the HMAC (132 bits): no id, and short enough for a spreadsheet', () => {
    expect(pseudonym(subject(1).childId, 'a'.repeat(32))).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('the pseudonym is stable for one secret and unlinkable across secrets', () => {
    const id = subject(1).childId;
    expect(pseudonym(id, 'a'.repeat(32))).toBe(pseudonym(id, 'a'.repeat(32)));
    expect(pseudonym(id, 'a'.repeat(32))).not.toBe(pseudonym(id, 'b'.repeat(32)));
    expect(pseudonym(id, 'a'.repeat(32))).not.toContain(id);
  });

  it.each([
    ['2026-01-31', '2026-02-28', 0],
    ['2026-01-31', '2026-03-01', 1],
    ['2026-02-10', '2026-02-10', 0],
    ['2025-11-10', '2026-02-10', 3],
  ])('months since enrolment from %s to %s are %i (whole calendar months)', (from, to, months) => {
    expect(monthsSince(from, to)).toBe(months);
  });
});

describe('a referral row of the export', () => {
  const referral: Referral = {
    referralId: '01JREFERRAL0000000000000000',
    childId: subject(1).childId,
    municipalityId: 'bitola',
    childMunicipalityId: 'skopje',
    domain: 'housing',
    service: 'housing',
    providerKind: 'municipality',
    inHouse: false,
    dueBy: '2026-06-30',
    note: 'REFERRAL-NOTE-TEXT',
    flagId: '01JFLAG00000000000000000000',
    status: 'delivered',
    requestedOn: '2026-06-19',
    requestedAt: '2026-06-19T09:00:00.000Z',
    basis: { kind: 'override', by: 'supervisor-1', role: 'supervisor', reason: 'OVERRIDE-REASON-TEXT' },
    deliveredOn: '2026-06-24',
    history: [{ action: 'declined', at: '2026-06-20T09:00:00.000Z', by: 'officer-1', role: 'municipal_officer', reason: 'DECLINE-REASON-TEXT' }],
    updatedAt: '2026-06-24T09:00:00.000Z',
  };

  it('holds service, provider kind, month requested, days to delivery and status, under the child’s exported quasi-identifiers', () => {
    expect(referralExportRow(subject(1), 'other', referral, 's'.repeat(32))).toEqual({
      row: 'referral',
      pseudonym: pseudonym(subject(1).childId, 's'.repeat(32)),
      cohort: '2026-Q1',
      ageBand: '12-14',
      sex: 'female',
      municipalityId: 'other',
      service: 'housing',
      providerKind: 'municipality',
      monthRequested: '2026-06',
      daysToDelivery: 5,
      status: 'delivered',
    });
  });

  it('has no free text, no day finer than a month, no staff, no flag and not the provider’s municipality', () => {
    const text = JSON.stringify(referralExportRow(subject(1), 'skopje', referral, 's'.repeat(32)));
    expect(text).not.toMatch(/NOTE-TEXT|REASON-TEXT|2026-06-19|2026-06-24|2026-06-30|01J|supervisor|officer|bitola|override/);
  });

  it('a referral not delivered has no days to delivery', () => {
    expect(referralExportRow(subject(1), 'skopje', { ...referral, status: 'accepted', deliveredOn: undefined }, 's'.repeat(32))).toMatchObject({
      status: 'accepted',
      daysToDelivery: null,
    });
  });
});
