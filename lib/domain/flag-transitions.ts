import type { Stamp } from './case';
import type { Checked } from './checked';
import { actingOn, flagSubject, raiseFlag, type Actor, type CaseOfFlag, type ConcernType, type Flag, type FlagChange, type FlagType } from './flags';

/** Why a person may not move a flag this way (409), if they may not: open → acknowledged → resolved. */
export function transitionConflict(flag: Pick<Flag, 'status'>, to: 'acknowledged' | 'resolved'): string | undefined {
  if (flag.status === 'resolved') return 'The flag is already resolved.';
  if (to === 'acknowledged' && flag.status === 'acknowledged') return 'The flag is already acknowledged.';
  return undefined;
}

export function acknowledge(flag: Checked<Flag>, actor: Actor, note: string | undefined, stamp: Stamp): FlagChange {
  return {
    flag: {
      ...flag,
      status: 'acknowledged',
      history: [...flag.history, { action: 'acknowledged', at: stamp.at, ...actingOn(flag, actor), ...(note ? { note } : {}) }],
      updatedAt: stamp.at,
    },
    updatedAtRead: flag.updatedAt,
  };
}

/** The flags a referral may be named as having answered: a regression or a concern (DESIGN.md v2). */
export const ANSWERABLE_BY_REFERRAL: readonly FlagType[] = ['regression', 'concern'];

export function resolve(flag: Checked<Flag>, actor: Actor, resolution: { note: string; actionTaken?: string; referralId?: string }, stamp: Stamp): FlagChange {
  return {
    flag: {
      ...flag,
      status: 'resolved',
      resolution: { ...resolution, at: stamp.at, ...actingOn(flag, actor), automatic: false },
      history: [...flag.history, { action: 'resolved', at: stamp.at, ...actingOn(flag, actor), note: resolution.note }],
      updatedAt: stamp.at,
    },
    updatedAtRead: flag.updatedAt,
  };
}

export interface ConcernInput {
  type: ConcernType;
  note: string;
}

/**
 * A concern raised by a person (DESIGN.md v2): a `concern` flag, severity high, routed to the child's municipality
 * and published like any flag. The person and their note are the `raised` event, so an officer's view shows the
 * note only to the municipality that wrote it (lib/domain/flag-views.ts).
 */
export function raiseConcern(child: Checked<CaseOfFlag>, concern: ConcernInput, actor: Actor, stamp: Stamp): Flag {
  const flagId = stamp.newId();
  const raisedBy = actingOn(child, actor);
  const flag = raiseFlag(child, { subject: flagSubject.concern(flagId), type: 'concern', severity: 'high', evidence: {} }, { ...stamp, newId: () => flagId });
  return { ...flag, concernType: concern.type, history: [{ action: 'raised', at: stamp.at, ...raisedBy, note: concern.note }] };
}
