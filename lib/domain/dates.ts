/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. Follow-up is planned in whole days, so all arithmetic is done
 * on UTC midnights and never on local times; "today" is read in the programme's time zone (see `todayIn`).
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // A day past the month's end moves the month, and a month past 12 or before 1 the year: the year and the month tell.
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1;
}

function toUtc(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** Calendar months, clamped to the end of the target month: 31 Jan + 1 month = 28/29 Feb. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const start = toUtc(date);
  const targetMonth = start.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(start.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDayOfTarget);
  return fromUtc(new Date(Date.UTC(start.getUTCFullYear(), targetMonth, day)));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  // Stryker disable next-line ConditionalExpression: equivalent — a new formatter formats alike; the cache only saves time
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar date at `instant` in `timeZone`, so a visit at 00:30 in Skopje is not "tomorrow" in UTC terms. */
export function todayIn(timeZone: string, instant: Date): IsoDate {
  const parts = dayFormat(timeZone).formatToParts(instant);
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent — formatToParts always gives the year, month and day parts
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole years completed between `birthDate` and `on`. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whole calendar months from one date to a later one (31 Jan → 28 Feb is 0, → 1 Mar is 1). */
export function monthsSince(enrolledOn: IsoDate, on: IsoDate): number {
  const [y0, m0, d0] = enrolledOn.split('-').map(Number) as [number, number, number];
  const [y1, m1, d1] = on.split('-').map(Number) as [number, number, number];
  return (y1 - y0) * 12 + (m1 - m0) - (d1 < d0 ? 1 : 0);
}
