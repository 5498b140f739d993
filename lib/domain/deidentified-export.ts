import { keyedBy } from './keyed';
import { createHmac } from 'node:crypto';
import type { AgeBand } from './age-bands';
import { daysBetween, monthsSince, type IsoDate } from './dates';
import { DOMAINS, type Domain, type Level } from './domains';
import type { ProviderKind, Referral, ReferralService, ReferralStatus } from './referrals';
import type { ContactType, Visit } from './visits';

/** DESIGN.md: the threshold of the best-known public counter-trafficking dataset. */
export const DEFAULT_EXPORT_K = 11;
export const GENERALISED_MUNICIPALITY = 'other';

/** A pseudonym that links a child's rows within one export configuration and to nobody without the secret. */
export function pseudonym(childId: string, secret: string): string {
  return createHmac('sha256', secret).update(childId).digest('base64url').slice(0, 22);
}

/** What the export may say about a child: the quasi-identifiers k-anonymity is about, nothing finer. */
export interface ExportSubject {
  childId: string;
  cohort: string;
  ageBand: AgeBand;
  sex: string;
  municipalityId: string;
  enrolledOn: IsoDate;
}

export interface Anonymised {
  /** Each kept child with the municipality it is exported under (its own, or `other`). */
  kept: Map<string, string>;
  childrenGeneralised: number;
  childrenDropped: number;
}

const classOf = (s: Pick<ExportSubject, 'ageBand' | 'sex' | 'cohort'>, municipalityId: string) =>
  JSON.stringify([s.ageBand, s.sex, municipalityId, s.cohort]);

/**
 * k-anonymity on (age band, sex, municipality, cohort), counted in children: a class of at least k children is
 * exported as it is; the children of smaller classes have their municipality generalised to `other`, and
 * where even the generalised class is smaller than k they are dropped.
 */
export function anonymise(subjects: readonly ExportSubject[], k: number): Anonymised {
  const sizes = new Map<string, number>();
  for (const s of subjects) sizes.set(classOf(s, s.municipalityId), (sizes.get(classOf(s, s.municipalityId)) ?? 0) + 1);
  const small = subjects.filter((s) => sizes.get(classOf(s, s.municipalityId))! < k);
  const generalisedSizes = new Map<string, number>();
  for (const s of small) {
    const key = classOf(s, GENERALISED_MUNICIPALITY);
    generalisedSizes.set(key, (generalisedSizes.get(key) ?? 0) + 1);
  }
  const kept = new Map<string, string>();
  let childrenGeneralised = 0;
  let childrenDropped = 0;
  for (const s of subjects) {
    if (sizes.get(classOf(s, s.municipalityId))! >= k) {
      kept.set(s.childId, s.municipalityId);
    } else if (generalisedSizes.get(classOf(s, GENERALISED_MUNICIPALITY))! >= k) {
      kept.set(s.childId, GENERALISED_MUNICIPALITY);
      childrenGeneralised += 1;
    } else {
      childrenDropped += 1;
    }
  }
  return { kept, childrenGeneralised, childrenDropped };
}

export interface ExportRow {
  row: 'visit';
  pseudonym: string;
  cohort: string;
  ageBand: AgeBand;
  sex: string;
  municipalityId: string;
  monthsSinceEnrolment: number;
  contactType: ContactType;
  levels: Record<Domain, Level | null>;
}

/** One child-visit as exported: no names, no dates finer than a month, no notes, no free text. */
export function exportRow(
  subject: ExportSubject,
  municipalityId: string,
  visit: Pick<Visit, 'visitedOn' | 'contactType' | 'assessments'>,
  secret: string,
): ExportRow {
  return {
    row: 'visit',
    pseudonym: pseudonym(subject.childId, secret),
    cohort: subject.cohort,
    ageBand: subject.ageBand,
    sex: subject.sex,
    municipalityId,
    monthsSinceEnrolment: monthsSince(subject.enrolledOn, visit.visitedOn),
    contactType: visit.contactType,
    levels: keyedBy(DOMAINS, (d): Level | null => visit.assessments[d]?.level ?? null),
  };
}

/**
 * One referral as exported (issue 16): the child's quasi-identifiers as on its visit rows (its municipality, or
 * `other`, never the provider's), the service, the kind of provider, the calendar month it was requested, the whole
 * days to delivery (null until delivered) and its status. No note, no reasons, no consent or override, no flag, no
 * staff, no day finer than a month.
 */
export interface ReferralExportRow {
  row: 'referral';
  pseudonym: string;
  cohort: string;
  ageBand: AgeBand;
  sex: string;
  municipalityId: string;
  service: ReferralService;
  providerKind: ProviderKind;
  /** `2026-06`. */
  monthRequested: string;
  daysToDelivery: number | null;
  status: ReferralStatus;
}

export function referralExportRow(
  subject: ExportSubject,
  municipalityId: string,
  referral: Pick<Referral, 'service' | 'providerKind' | 'requestedOn' | 'deliveredOn' | 'status'>,
  secret: string,
): ReferralExportRow {
  return {
    row: 'referral',
    pseudonym: pseudonym(subject.childId, secret),
    cohort: subject.cohort,
    ageBand: subject.ageBand,
    sex: subject.sex,
    municipalityId,
    service: referral.service,
    providerKind: referral.providerKind,
    monthRequested: referral.requestedOn.slice(0, 7),
    daysToDelivery:
      // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent — only a delivered referral has a delivery day (referral-moves.ts records it on the move to `delivered`, which is final), so the status never decides alone
      referral.status === 'delivered' &&
      referral.deliveredOn
        ? daysBetween(referral.requestedOn, referral.deliveredOn)
        : null,
    status: referral.status,
  };
}
