import { anonymise, exportRow, pseudonym, type ExportSubject } from '../../../lib/domain/deidentified-export';
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
  it('a class of exactly k children is exported as it is; k−1 is not', () => {
    const { kept, childrenGeneralised, childrenDropped } = anonymise([...many(11, 0), ...many(10, 100, { municipalityId: 'bitola' })], 11);
    expect([...kept.values()].filter((m) => m === 'skopje')).toHaveLength(11);
    expect(childrenGeneralised + childrenDropped).toBe(10);
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
