import type { Child } from './case';
import { childSummary } from './case-views';
import type { IsoDate } from './dates';
import type { Actor, Flag } from './flags';

/**
 * What each role sees of a flag, from one place. A worker or supervisor sees the whole flag and the minimal
 * summary of the child. A municipal officer sees what their inbox needs and nothing that points at a person
 * (DESIGN v2, "Scope, once, by construction"): the kind, severity, status and domain of the flag, the month of
 * each event, the responsible organisation (their contact point), the minimal child summary, and the notes
 * written by their own municipality or by the system's rules. No staff ids, no other user's free text, no day,
 * and no record id but the flag's (a ULID carries its creation instant, so a child or visit id would date them).
 */
export interface OfficerFlagView {
  flagId: string;
  municipalityId: string;
  organisationId: string;
  type: Flag['type'];
  concernType?: Flag['concernType'];
  domain?: Flag['domain'];
  severity: Flag['severity'];
  status: Flag['status'];
  raisedIn: string;
  escalatedIn?: string;
  evidence: { fromLevel?: string; toLevel?: string; dueIn?: string; visitedIn?: string };
  history: Array<{ action: string; in: string; role: string; note?: string }>;
  resolution?: { in: string; role: string; automatic: boolean; note?: string; actionTaken?: string };
  /** Absent when the child or guardian withdrew municipal sharing: the officer sees the flag alone. */
  child?: ReturnType<typeof childSummary>;
}

/** `YYYY-MM` of a date or a timestamp. */
const monthOf = (value: string): string => value.slice(0, 7);

export function officerFlagView(flag: Flag, child: Child, today: IsoDate): OfficerFlagView {
  // The officer's own municipality wrote it, for this flag's municipality; or a rule did (no person's words).
  const readable = (actor: Actor) => actor.role === 'system' || (actor.role === 'municipal_officer' && actor.municipalityId === flag.municipalityId);
  const { evidence, resolution } = flag;
  return {
    flagId: flag.flagId,
    municipalityId: flag.municipalityId,
    organisationId: flag.organisationId,
    type: flag.type,
    ...(flag.concernType ? { concernType: flag.concernType } : {}),
    ...(flag.domain ? { domain: flag.domain } : {}),
    severity: flag.severity,
    status: flag.status,
    raisedIn: monthOf(flag.raisedAt),
    ...(flag.escalatedAt ? { escalatedIn: monthOf(flag.escalatedAt) } : {}),
    evidence: {
      ...(evidence.fromLevel ? { fromLevel: evidence.fromLevel } : {}),
      ...(evidence.toLevel ? { toLevel: evidence.toLevel } : {}),
      ...(evidence.dueOn ? { dueIn: monthOf(evidence.dueOn) } : {}),
      ...(evidence.visitedOn ? { visitedIn: monthOf(evidence.visitedOn) } : {}),
    },
    history: flag.history.map((event) => ({
      action: event.action,
      in: monthOf(event.at),
      role: event.role,
      ...(event.note && readable(event) ? { note: event.note } : {}),
    })),
    ...(resolution
      ? {
          resolution: {
            in: monthOf(resolution.at),
            role: resolution.role,
            automatic: resolution.automatic,
            ...(readable(resolution) ? { note: resolution.note, ...(resolution.actionTaken ? { actionTaken: resolution.actionTaken } : {}) } : {}),
          },
        }
      : {}),
    ...officerChildSummary(child, today),
  };
}

/**
 * The minimal child summary an officer's view carries, unless the child or guardian withdrew municipal sharing:
 * then the officer keeps what routing needs to act (the flag or referral itself), and nothing of the child.
 */
export function officerChildSummary(child: Child, today: IsoDate): { child?: ReturnType<typeof childSummary> } {
  return child.municipalSharingWithdrawn ? {} : { child: childSummary(child, today) };
}

/** The flag as `reader` may see it, with the minimal summary of its child. */
export function flagViewFor(reader: { role: string }, flag: Flag, child: Child, today: IsoDate) {
  return reader.role === 'municipal_officer' ? officerFlagView(flag, child, today) : { ...flag, child: childSummary(child, today) };
}
