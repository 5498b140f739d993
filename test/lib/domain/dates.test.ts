import { addDays, addMonths, ageOn, daysBetween, isIsoDate, todayIn } from '../../../lib/domain/dates';

describe('isIsoDate: only real calendar days written YYYY-MM-DD', () => {
  it.each(['2025-01-01', '2025-12-31', '2024-02-29', '2000-02-29', '2026-03-31'])('accepts the real day %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['2025-02-30', 'a 30 February'],
    ['2025-02-29', 'a 29 February in a common year'],
    ['1900-02-29', 'a 29 February in a century year that is not a leap year'],
    ['2025-04-31', 'a 31st in a 30-day month'],
    ['2025-13-01', 'month 13'],
    ['2025-00-10', 'month 0'],
    ['2025-01-00', 'day 0'],
    ['2025-01-32', 'day 32'],
    ['2025-1-05', 'a month without its leading zero'],
    ['2025-01-5', 'a day without its leading zero'],
    ['25-01-05', 'a two-digit year'],
    ['2025/01/05', 'slashes'],
    ['2025-01-05T00:00:00Z', 'a timestamp'],
    [' 2025-01-05', 'leading white space'],
    ['2025-01-05 ', 'trailing white space'],
    ['', 'an empty string'],
    ['0050-01-01', 'a year before 100 (Date.UTC reads it as 1950)'],
  ])('rejects %s (%s)', (value, _why) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('a date that is no calendar day is refused by name', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(new RangeError('not an ISO date: 2025-02-30'));
  });
});

describe('addMonths: calendar months, clamped to the end of the target month', () => {
  it('adds whole calendar months keeping the day of the month', () => {
    expect(addMonths('2025-01-15', 1)).toBe('2025-02-15');
    expect(addMonths('2025-01-15', 12)).toBe('2026-01-15');
  });

  it('31 Jan + 1 month is clamped to 28 Feb (29 in a leap year)', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('the 31st lands on the 30th of a 30-day month', () => {
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
  });

  it('a day that exists in the target month is not clamped (30 Jan + 2 months = 30 Mar)', () => {
    expect(addMonths('2025-01-30', 2)).toBe('2025-03-30');
  });

  it('crosses year ends forwards (30 Nov + 3 months = 28 Feb of the next year)', () => {
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-31', 1)).toBe('2026-01-31');
  });

  it('29 Feb + 12 months is clamped to 28 Feb; + 48 months is 29 Feb again', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('36 months (the end of every schedule) from a month end', () => {
    expect(addMonths('2025-01-31', 36)).toBe('2028-01-31');
    expect(addMonths('2025-05-31', 33)).toBe('2028-02-29');
  });

  it('negative months go back and clamp too (31 Mar − 1 month = 28 Feb)', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
  });

  it('0 months is the same day', () => {
    expect(addMonths('2025-01-31', 0)).toBe('2025-01-31');
  });

  it('rejects a date that is not a real ISO date', () => {
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('addDays: whole days on UTC midnights', () => {
  it('adds and subtracts days', () => {
    expect(addDays('2025-01-01', 14)).toBe('2025-01-15');
    expect(addDays('2025-01-15', -14)).toBe('2025-01-01');
    expect(addDays('2025-01-15', 0)).toBe('2025-01-15');
  });

  it('crosses month and year ends', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows leap days: 28 Feb + 1 day is 29 Feb in a leap year, 1 Mar otherwise', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
  });

  it('is not shifted by daylight-saving changes (the last Sundays of March and October)', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
  });

  it('rejects a date that is not a real ISO date', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });
});

describe('daysBetween: signed whole days from the first date to the second', () => {
  it('is positive forwards, negative backwards, zero on the same day', () => {
    expect(daysBetween('2025-01-01', '2025-01-15')).toBe(14);
    expect(daysBetween('2025-01-15', '2025-01-01')).toBe(-14);
    expect(daysBetween('2025-06-01', '2025-06-01')).toBe(0);
  });

  it('counts 366 days in a leap year and 365 in a common one', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('is exact across daylight-saving changes', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
  });

  it('is the inverse of addDays', () => {
    for (const days of [-400, -15, -1, 0, 1, 14, 29, 365, 1096]) {
      expect(daysBetween('2025-01-31', addDays('2025-01-31', days))).toBe(days);
    }
  });

  it('rejects a date that is not a real ISO date', () => {
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(RangeError);
    expect(() => daysBetween('2025-03-01', '2025-02-30')).toThrow(RangeError);
  });
});

describe("todayIn: today is the calendar date in the programme's time zone, not in UTC", () => {
  it('00:30 in Skopje in winter (23:30 UTC the day before) is already the next day', () => {
    expect(todayIn('Europe/Skopje', new Date('2025-01-14T23:30:00Z'))).toBe('2025-01-15');
  });

  it('23:59 in Skopje in winter (22:59 UTC) is still the same day', () => {
    expect(todayIn('Europe/Skopje', new Date('2025-01-14T22:59:59Z'))).toBe('2025-01-14');
  });

  it('Skopje midnight in summer is 22:00 UTC (UTC+2)', () => {
    expect(todayIn('Europe/Skopje', new Date('2025-07-14T21:59:59.999Z'))).toBe('2025-07-14');
    expect(todayIn('Europe/Skopje', new Date('2025-07-14T22:00:00Z'))).toBe('2025-07-15');
  });

  it('New Year starts an hour earlier in Belgrade than in UTC', () => {
    expect(todayIn('Europe/Belgrade', new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(todayIn('UTC', new Date('2025-12-31T23:00:00Z'))).toBe('2025-12-31');
  });

  it('a time zone west of UTC is still on the day before', () => {
    expect(todayIn('America/New_York', new Date('2025-01-15T03:00:00Z'))).toBe('2025-01-14');
  });

  it('returns a real ISO date', () => {
    expect(isIsoDate(todayIn('Europe/Skopje', new Date('2024-02-28T23:30:00Z')))).toBe(true);
    expect(todayIn('Europe/Skopje', new Date('2024-02-28T23:30:00Z'))).toBe('2024-02-29');
  });
});

describe('ageOn: whole years completed', () => {
  it('the age goes up on the birthday itself, not the day before', () => {
    expect(ageOn('2010-06-15', '2028-06-14')).toBe(17);
    expect(ageOn('2010-06-15', '2028-06-15')).toBe(18);
    expect(ageOn('2010-06-15', '2028-06-16')).toBe(18);
  });

  it('an earlier month of the year is before the birthday even on a later day', () => {
    expect(ageOn('2010-06-15', '2028-05-31')).toBe(17);
    expect(ageOn('2010-06-15', '2028-07-01')).toBe(18);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2025-03-01', '2025-03-01')).toBe(0);
  });

  it('someone born on 29 Feb completes a year on 1 Mar in a common year, on 29 Feb in a leap year', () => {
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });
});
