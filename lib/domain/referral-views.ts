import type { Child } from './case';
import type { childSummary } from './case-views';
import { officerChildSummary } from './flag-views';
import type { IsoDate } from './dates';
import type { Referral } from './referrals';

/**
 * What an officer sees of a referral to their municipality's service (DESIGN.md v2): what is asked, by when, where
 * it stands, the responsible organisation (their contact point) and the minimal child summary. Like their view of a
 * flag: no staff id, no other user's words (the worker's note and reasons stay with the case), the month of each
 * event, and no record id but the referral's. `dueBy` and `deliveredOn` are the service's own dates.
 */
export interface OfficerReferralView {
  referralId: string;
  municipalityId: string;
  organisationId: string;
  domain: Referral['domain'];
  service: Referral['service'];
  status: Referral['status'];
  dueBy: IsoDate;
  deliveredOn?: IsoDate;
  requestedIn: string;
  history: Array<{ action: string; in: string; role: string; reason?: string }>;
  child?: ReturnType<typeof childSummary>;
}

const monthOf = (value: string): string => value.slice(0, 7);

export function officerReferralView(referral: Referral, child: Child, today: IsoDate): OfficerReferralView {
  return {
    referralId: referral.referralId,
    municipalityId: referral.municipalityId,
    organisationId: child.organisationId,
    domain: referral.domain,
    service: referral.service,
    status: referral.status,
    dueBy: referral.dueBy,
    ...(referral.deliveredOn ? { deliveredOn: referral.deliveredOn } : {}),
    requestedIn: monthOf(referral.requestedAt),
    history: referral.history.map((event) => ({
      action: event.action,
      in: monthOf(event.at),
      role: event.role,
      // The municipality's own reasons (a decline, a failed delivery) are its to read.
      ...(event.reason && event.role === 'municipal_officer' && event.municipalityId === referral.municipalityId ? { reason: event.reason } : {}),
    })),
    ...officerChildSummary(child, today),
  };
}

/** The referral as `reader` may see it. */
export function referralViewFor(reader: { role: string }, referral: Referral, child: Child, today: IsoDate) {
  return reader.role === 'municipal_officer' ? officerReferralView(referral, child, today) : referral;
}
