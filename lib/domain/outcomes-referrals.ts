import { addDays, daysBetween, type IsoDate } from './dates';
import { isPending, type Referral, type ReferralService } from './referrals';

/**
 * The referral figures (DESIGN.md v2, "Referrals, consent and the reintegration plan"; issue 16): per municipality
 * the referral is counted for and per service, the share delivered by `dueBy` and the median days from request to
 * delivery. Like every outcome figure they are counts a child adds to its cell, so a cell is a sum and a change of
 * one referral moves its cell by a difference; the median comes from a histogram of whole days, never from a
 * stored list of values.
 */
export interface ReferralCounts {
  /**
   * Children with at least one referral counted here (in `due` or delivered): the figures of a group are hidden
   * when fewer than k children are behind them, however many referrals they have.
   */
  children: number;
  /**
   * The denominator of "delivered by dueBy": settled referrals (delivered, not delivered, declined) and pending
   * ones (requested, accepted) whose due day has passed. Cancelled ones and pending ones still in time are not.
   */
  due: number;
  /** Of `due`, delivered on or before the due day. */
  inTime: number;
  /** Delivered referrals by whole days from request to delivery, capped at DELIVERY_DAYS_CAP. */
  deliveryDays: Record<string, number>;
}

/**
 * The margins are groups of their own, counted from the child's referrals like any group (never as a sum of shown
 * parts), so a child referred to two services counts once among the children of its municipality's margin:
 * `ALL` as the service is every service of a municipality; `ALL` as the municipality is every municipality.
 */
export const ALL = '*';
export type ReferralGroup = ReferralService | typeof ALL;

/** Counts by the municipality the referral is counted for (or ALL), then by service (or ALL). */
export type ReferralTable = Record<string, Partial<Record<ReferralGroup, ReferralCounts>>>;

/** Days to delivery beyond this count as this: the histogram of a cell stays bounded whatever the data. */
export const DELIVERY_DAYS_CAP = 365;

type ReferralOfOutcome = Pick<Referral, 'municipalityId' | 'service' | 'status' | 'dueBy' | 'requestedOn' | 'deliveredOn'>;

export const emptyReferralCounts = (): ReferralCounts => ({ children: 0, due: 0, inTime: 0, deliveryDays: {} });

/** Delivered on or before its due day. */
export const isDeliveredInTime = (referral: Pick<Referral, 'status' | 'deliveredOn' | 'dueBy'>): boolean =>
  referral.status === 'delivered' &&
  // Stryker disable next-line ConditionalExpression: equivalent — with no delivery day, `undefined <= dueBy` is false as well
  referral.deliveredOn !== undefined &&
  referral.deliveredOn <= referral.dueBy;

/**
 * Whether a referral is in the denominator of "delivered by dueBy" on `asOf`: settled (delivered, not delivered or
 * declined: the child was owed the service and a refusal is not in time), or still pending with its due day past
 * (`dueBy < asOf`: it can no longer be delivered in time). Cancelled referrals were withdrawn by the case's side
 * and are out; pending ones still in time have no answer yet.
 */
export function isCountedDue(referral: Pick<Referral, 'status' | 'dueBy'>, asOf: IsoDate): boolean {
  if (referral.status === 'cancelled') return false;
  if (isPending(referral.status)) return referral.dueBy < asOf;
  return true;
}

/** Whole days from request to delivery, capped; undefined for a referral not delivered. */
export function deliveryDaysOf(referral: Pick<Referral, 'status' | 'requestedOn' | 'deliveredOn'>): number | undefined {
  if (referral.status !== 'delivered' || !referral.deliveredOn) return undefined;
  return Math.min(DELIVERY_DAYS_CAP, Math.max(0, daysBetween(referral.requestedOn, referral.deliveredOn)));
}

/** What one child's referrals add to its cell on `asOf`: per group, and to its municipality's and the whole margin. */
export function referralCountsOf(referrals: readonly ReferralOfOutcome[], asOf: IsoDate): ReferralTable {
  const table: ReferralTable = {};
  for (const referral of referrals) {
    // Every referral counted is due: a delivered one is settled, so none has days to delivery without being due.
    if (!isCountedDue(referral, asOf)) continue;
    const days = deliveryDaysOf(referral);
    const groups: Array<[string, ReferralGroup]> = [
      [referral.municipalityId, referral.service],
      [referral.municipalityId, ALL],
      [ALL, ALL],
    ];
    for (const [municipalityId, service] of groups) {
      const counts = ((table[municipalityId] ??= {})[service] ??= emptyReferralCounts());
      counts.children = 1;
      counts.due += 1;
      if (isDeliveredInTime(referral)) counts.inTime += 1;
      if (days !== undefined) counts.deliveryDays[String(days)] = (counts.deliveryDays[String(days)] ?? 0) + 1;
    }
  }
  return table;
}

/**
 * The next day a child's referral figures change with no write: the day after the earliest due day of a pending
 * referral still in time (it then joins the denominator, not in time). The nightly sweep counts the child again.
 */
export function referralStaleOn(referrals: readonly Pick<Referral, 'status' | 'dueBy'>[], asOf: IsoDate): IsoDate | undefined {
  return referrals
    .filter((r) => isPending(r.status) && r.dueBy >= asOf)
    .map((r) => addDays(r.dueBy, 1))
    .sort()[0];
}

const isEmpty = (c: ReferralCounts) => c.children === 0 && c.due === 0 && c.inTime === 0 && Object.keys(c.deliveryDays).length === 0;

/** `a + sign × b`, count by count; groups and bins that come to zero are left out, so cells stay small. */
export function combineReferrals(a: ReferralTable = {}, b: ReferralTable = {}, sign = 1): ReferralTable {
  const sum: ReferralTable = {};
  for (const municipalityId of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[municipalityId] ?? {}, b[municipalityId] ?? {}];
    for (const service of new Set([...Object.keys(x), ...Object.keys(y)]) as Set<ReferralGroup>) {
      const [p, q] = [x[service] ?? emptyReferralCounts(), y[service] ?? emptyReferralCounts()];
      const counts: ReferralCounts = {
        children: p.children + sign * q.children,
        due: p.due + sign * q.due,
        inTime: p.inTime + sign * q.inTime,
        deliveryDays: {},
      };
      for (const days of new Set([...Object.keys(p.deliveryDays), ...Object.keys(q.deliveryDays)])) {
        const n = (p.deliveryDays[days] ?? 0) + sign * (q.deliveryDays[days] ?? 0);
        if (n !== 0) counts.deliveryDays[days] = n;
      }
      if (!isEmpty(counts)) (sum[municipalityId] ??= {})[service] = counts;
    }
  }
  return sum;
}
