import { medianDays } from '../outcomes';
import { ALL, combineReferrals, emptyReferralCounts, type ReferralCounts, type ReferralTable } from '../outcomes-referrals';
import { REFERRAL_SERVICES, type ReferralService } from '../referrals';
import { SUPPRESSED, perturbed, type DisclosureRules, type Figure } from './cell-key';
import type { Suppressor } from './suppressor';

/**
 * What evaluators are shown of the referral figures (issue 16), under the same rules as every count
 * (released-figures.ts): each count perturbed by its own cell key (the record keys of the children behind it, one per
 * referral), 1 to k−1 suppressed and every figure derived from it with it, margins as cells in their own right, and
 * complementary suppression within the table. Two more rules:
 * - a group's figures are hidden altogether when the children behind them (`ReferralCounts.children`, never shown)
 *   are fewer than k after perturbation, however many referrals they have: one child referred five times is still
 *   one child;
 * - the median days to delivery comes from the histogram of days with each day's bin perturbed by its own key, and is
 *   hidden when the number of delivered referrals behind it is (`null` when that number shows as 0).
 */
export interface ReferralFigures {
  /** Referrals in the denominator of "delivered by dueBy": settled, or pending past their due day (not cancelled). */
  referrals: Figure;
  /** Of those, the share delivered on or before the due day; null when none is shown due. */
  deliveredInTimeShare: Figure | null;
  /** Referrals delivered (whenever): the population of the median. */
  delivered: Figure;
  /** Median whole days from request to delivery; null when none was delivered. */
  medianDaysToDelivery: Figure | null;
}

export interface ReferralReport {
  /** Every referral of the answer's children (and, with `municipalityId`, counted for that municipality). */
  figures: ReferralFigures;
  /**
   * By the municipality a referral is counted for and service: every known municipality the filter allows × every
   * service, referrals or not, so a row appearing cannot place a new referral. Empty for an answer by sex or age band.
   */
  byMunicipalityAndService: Array<{ municipalityId: string; service: ReferralService } & ReferralFigures>;
}

type Keyed = { counts: ReferralCounts; keys: ReferralCounts };

const sum = (bins: Record<string, number>) => Object.values(bins).reduce((total, n) => total + n, 0);

/** The median of the days-to-delivery histogram with each bin perturbed by its own cell key. */
function perturbedMedian({ counts, keys }: Keyed, rules: DisclosureRules): number | undefined {
  const bins = Object.entries(counts.deliveryDays).map(([days, n]) => [days, perturbed(n, keys.deliveryDays[days] ?? 0, rules.table)] as const);
  return medianDays(Object.fromEntries(bins));
}

function referralFiguresOf(group: Keyed, s: Suppressor, prefix: string, forced = false): ReferralFigures {
  const { counts, keys } = group;
  const at = (path: string) => `${prefix}${path}`;
  // Fewer than k children behind a group (a shown 0 included, when some there are) hides all of it: the referrals of
  // one or two children are theirs, however many.
  const children = s.released(counts.children, keys.children);
  const hidden = forced || (counts.children > 0 && (children === SUPPRESSED || children < s.rules.k));
  const due: [number, number] = [counts.due, keys.due];
  const delivered: [number, number] = [sum(counts.deliveryDays), sum(keys.deliveryDays)];
  const shownDelivered = s.released(...delivered);
  const median = perturbedMedian(group, s.rules);
  return {
    referrals: s.count(at('referrals'), ...due, hidden),
    // No referral shown due: no share to give (null, like the median), rather than a "suppressed" that hides nothing.
    deliveredInTimeShare:
      !hidden && s.released(...due) === 0 ? null : s.share(at('deliveredInTimeShare'), [counts.inTime, keys.inTime], due, hidden),
    delivered: s.count(at('delivered'), ...delivered, hidden),
    medianDaysToDelivery:
      hidden || shownDelivered === SUPPRESSED
        ? s.hide(at('medianDaysToDelivery'))
        : median === undefined || shownDelivered === 0
          ? null
          : median,
  };
}

/** The count behind each figure that adds up across the table to the shown total (a share: its numerator). */
const ADDITIVE: Record<'referrals' | 'deliveredInTimeShare' | 'delivered', (c: ReferralCounts) => number> = {
  referrals: (c) => c.due,
  deliveredInTimeShare: (c) => c.inTime,
  delivered: (c) => sum(c.deliveryDays),
};

/**
 * The referral figures of an answer from the referral tables of its cells (contribution and key sums).
 * `municipalityId` keeps the referrals counted for that municipality; `withTable` is false for an answer by sex or
 * age band, which has no breakdown.
 */
export function referralReport(
  tables: ReadonlyArray<{ contribution: ReferralTable; keys: ReferralTable }>,
  s: Suppressor,
  options: { municipalityId?: string | undefined; knownMunicipalities: readonly string[]; withTable: boolean },
): ReferralReport {
  const counts = tables.reduce((total, t) => combineReferrals(total, t.contribution), {} as ReferralTable);
  const keys = tables.reduce((total, t) => combineReferrals(total, t.keys), {} as ReferralTable);
  const municipalities = [...new Set([...options.knownMunicipalities, ...Object.keys(counts).filter((m) => m !== ALL)])]
    .filter((m) => !options.municipalityId || m === options.municipalityId)
    .sort();
  const groups = municipalities.flatMap((municipalityId) =>
    REFERRAL_SERVICES.map((service) => ({
      municipalityId,
      service,
      counts: counts[municipalityId]?.[service] ?? emptyReferralCounts(),
      keys: keys[municipalityId]?.[service] ?? emptyReferralCounts(),
    })),
  );
  // The total is a group of its own (a margin, never the sum of shown rows): every municipality, or the one asked.
  const margin = options.municipalityId ?? ALL;
  const total = { counts: counts[margin]?.[ALL] ?? emptyReferralCounts(), keys: keys[margin]?.[ALL] ?? emptyReferralCounts() };
  const figures = referralFiguresOf(total, s, 'referrals.figures.');
  if (!options.withTable) return { figures, byMunicipalityAndService: [] };

  const rows = groups.map((g) => ({
    municipalityId: g.municipalityId,
    service: g.service,
    ...referralFiguresOf(g, s, `referrals.${g.municipalityId}.${g.service}.`),
  }));
  const path = (row: (typeof rows)[number], column: string) => `referrals.${row.municipalityId}.${row.service}.${column}`;
  // Complementary suppression down each additive column: where exactly one row is hidden, the next smallest is too
  // (a zero when every other one is zero). A hidden row hides its derived figures with it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const column of Object.keys(ADDITIVE) as Array<keyof typeof ADDITIVE>) {
      if (figures[column] === SUPPRESSED) continue;
      const hiddenRows = rows.filter((row) => row[column] === SUPPRESSED);
      if (hiddenRows.length !== 1) continue;
      const countOf = (i: number) => ADDITIVE[column](groups[i]!.counts);
      const open = rows
        .map((row, i) => ({ row, i }))
        .filter(({ row }) => typeof row[column] === 'number')
        .sort((a, b) => countOf(a.i) - countOf(b.i));
      // Never missing: with one row hidden under a shown total, some other row has referrals of its own (a row alone
      // would give the total its own counts and keys, hidden with it), and so a number in the column.
      const next = open.find(({ i }) => countOf(i) > 0) ?? open[0]!;
      // A null goes too (a median of none or a share over none would say the hidden count shows as 0), and one hidden
      // already is hidden again: `suppressed` is de-duplicated.
      for (const figure of ['referrals', 'deliveredInTimeShare', 'delivered', 'medianDaysToDelivery'] as const) {
        next.row[figure] = s.hide(path(next.row, figure));
      }
      changed = true;
    }
  }
  return { figures, byMunicipalityAndService: rows };
}
