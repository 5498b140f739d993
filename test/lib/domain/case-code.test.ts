import { enrolmentViolations, type EnrolmentInput } from '../../../lib/domain/enrolment';
import { comparableForms, containsName } from '../../../lib/domain/transliteration';
import { enrolmentInput } from './fixtures';

const today = '2026-06-01';
/** The shared enrolment (fixtures.ts), the child's names typed in Cyrillic. */
const input: EnrolmentInput = { ...enrolmentInput, caseCode: 'SK-2026-0042', givenName: 'Марија', familyName: 'Петровска' };

const given = { path: 'body.caseCode', message: "must not contain the child's givenName" };
const family = { path: 'body.caseCode', message: "must not contain the child's familyName" };

describe('a case code never contains the child’s name, whatever the script the name was typed in', () => {
  it('Марија Петровска with the case code MARIJA-PETROVSKA is refused for both names', () => {
    expect(enrolmentViolations({ ...input, caseCode: 'MARIJA-PETROVSKA' }, today)).toEqual([given, family]);
  });

  it('Петровска with the case code PETROVSKA-2026 is refused at body.caseCode', () => {
    expect(enrolmentViolations({ ...input, caseCode: 'PETROVSKA-2026' }, today)).toEqual([family]);
  });

  it('a case code with no name in it stays accepted for a Cyrillic name', () => {
    expect(enrolmentViolations(input, today)).toEqual([]);
    expect(enrolmentViolations({ ...input, caseCode: 'SK-2026-MP' }, today)).toEqual([]);
  });

  it.each([
    ['Ђорђевић', 'DJORDJEVIC-1'],
    ['Ђорђевић', 'DORDEVIC-1'],
    ['Ђорђевић', 'DJORDEVIC-1'],
    ['Ђорђевић', 'DJORDJEVICH'],
    ['Đorđević', 'DJORDEVIC-1'],
    ['Đorđević', 'DORDJEVIC-1'],
    ['Шеховић', 'SHEHOVIC-7'],
    ['Шеховић', 'SEHOVIC-7'],
    ['Жупан', 'ZHUPAN-1'],
    ['Жупан', 'ZUPAN-1'],
    ['Čolić', 'CHOLICH-2'],
    ['Чолић', 'COLIC-2'],
    ['Џафер', 'DZHAFER-3'],
    ['Џафер', 'DZAFER-3'],
    ['Džafer', 'DZHAFER-3'],
    ['Ѓорѓиевски', 'GJORGJIEVSKI'],
    ['Ѓорѓиевски', 'GORGIEVSKI'],
    ['Ǵorǵievski', 'GJORGJIEVSKI'],
    ['Ќосевска', 'KJOSEVSKA-1'],
    ['Ќосевска', 'KOSEVSKA-1'],
    ['Ѕвездана', 'DZVEZDANA-1'],
    ['Љубица', 'LJUBICA-1'],
    ['Њего', 'NJEGO-1'],
    ['Јована', 'JOVANA-1'],
    ['Христина', 'HRISTINA-1'],
    ['Цветковска', 'CVETKOVSKA-1'],
    ['МАРИЈА', 'MARIJA-1'],
    ['Марија', 'MARIJA-1'],
  ])('the family name %s in the case code %s is refused at body.caseCode', (familyName, caseCode) => {
    expect(enrolmentViolations({ ...input, givenName: 'Ива', familyName, caseCode }, today)).toEqual([family]);
  });

  it('a name typed with combining diacritics (decomposed) is recognised like the precomposed one', () => {
    expect(enrolmentViolations({ ...input, familyName: 'S\u030Cehovic\u0301', caseCode: 'SEHOVIC-1' }, today)).toEqual([family]);
  });

  it('a Latin spelling of a digraph does not hide a name that starts after it (SHANA still names Hana)', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Hana', caseCode: 'SHANA-1' }, today)).toEqual([given]);
  });

  it('Đ and Ђ are letters, not nothing: Ђорђе does not make CORE-2026 look like a name', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Ђорђе', caseCode: 'CORE-2026' }, today)).toEqual([]);
  });

  it('a letter of another script is kept, not dropped: it never makes an unrelated code look like a name', () => {
    expect(enrolmentViolations({ ...input, givenName: 'Ωmar', caseCode: 'MAR-2026-1' }, today)).toEqual([]);
  });
});

describe('comparableForms: lower case, Cyrillic transliterated, diacritics stripped, separators removed', () => {
  it.each([
    ['Марија Петровска', ['marijapetrovska']],
    ['MARIJA-PETROVSKA', ['marijapetrovska']],
    ['Đorđević', ['djordjevich', 'dordevic']],
    ['Ђорђевић', ['djordjevich', 'dordevic']],
    ['Ѓорѓи', ['gjorgji', 'gorgi']],
    ['Ѐ-Ѝ', ['ei']],
    ['Ana 2', ['ana2']],
  ])('%s → %j', (text, forms) => {
    expect(comparableForms(text)).toEqual(forms);
  });

  it('names shorter than three letters in every form are not looked for', () => {
    expect(containsName('AB-2026', 'Ab')).toBe(false);
    expect(containsName('ANA-2026', 'Ана')).toBe(true);
  });
});
