import { newUlidFactory } from '../ids';

/** What was done to a child's data; reads and writes alike (DESIGN.md: every read and write leaves a record). */
export const AUDIT_ACTIONS = [
  'child.enrol',
  'child.read',
  'child.list',
  'child.update',
  'child.close',
  'child.reopen',
  'checkpoints.read',
  'checkpoint.update',
  'agenda.read',
  'visit.create',
  'visits.read',
  'timeline.read',
  'flag.read',
  'flag.list',
  'flag.acknowledge',
  'flag.resolve',
  'flag.escalate',
  'concern.raise',
  'consent.record',
  'consent.withdraw',
  'consents.read',
  'referral.request',
  'referral.override',
  'referral.update',
  'referral.read',
  'referral.list',
  'referral.overdue',
  'plan.write',
  'plan.read',
  'checkpoints.missed',
  'emergency.access',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** Unique per entry (a ULID): one request may record several entries for one child. */
  entryId: string;
  childId: string;
  action: AuditAction;
  by: string;
  role: string;
  requestId: string;
  at: string;
  /** Why, where the action needs one (break-the-glass). */
  reason?: string;
  /** A request refused for being out of scope, or an idempotent replay answered from the first attempt. */
  outcome?: AuditOutcome;
}

export const AUDIT_OUTCOMES = ['refused', 'replayed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One entry id source per container (lib/ids.ts). */
const newId = newUlidFactory();

/** The audit entries of one request: who, in which role, and when, for each child it touches. */
export function auditor(who: { sub: string; role: string } | 'system', requestId: string, at: string) {
  const { by, role } = who === 'system' ? { by: 'system', role: 'system' } : { by: who.sub, role: who.role };
  return (action: AuditAction, childId: string): AuditEntry => ({
    entryId: newId(Date.parse(at)),
    childId,
    action,
    by,
    role,
    requestId,
    at,
  });
}

export type Auditor = ReturnType<typeof auditor>;
