import type { Stamp, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';
import type { Actor } from './flags';
import { REFERRAL_MOVES, type Referral, type ReferralMove, type ReferralStatus } from './referrals';

/** From which statuses each move is legal: requested → accepted | declined → delivered | not_delivered; the worker may cancel until it is settled. */
const LEGAL_FROM: Record<ReferralMove, readonly ReferralStatus[]> = {
  accept: ['requested'],
  decline: ['requested'],
  deliver: ['accepted'],
  notDeliver: ['accepted'],
  cancel: ['requested', 'accepted'],
};

/** The moves that need a reason: a refusal, a failure or a cancellation is never left unexplained. */
const NEEDS_REASON: readonly ReferralMove[] = ['decline', 'notDeliver', 'cancel'];

/** Why this move is not possible now (409), if it is not. */
export function moveConflict(referral: Pick<Referral, 'status'>, move: ReferralMove): string | undefined {
  return LEGAL_FROM[move].includes(referral.status)
    ? undefined
    : `A ${referral.status.replace('_', ' ')} referral cannot be ${REFERRAL_MOVES[move].replace('_', ' ')}.`;
}

export interface MoveInput {
  reason?: string;
  deliveredOn?: IsoDate;
}

/** Bad input for a move (400): a reason where one is owed, a delivery day that has come and is not before the request. */
export function moveViolations(referral: Pick<Referral, 'requestedOn'>, move: ReferralMove, input: MoveInput, today: IsoDate): Violation[] {
  const violations: Violation[] = [];
  if (NEEDS_REASON.includes(move) && !input.reason) violations.push({ path: 'body.reason', message: 'is required' });
  if (move === 'deliver') {
    if (!input.deliveredOn) violations.push({ path: 'body.deliveredOn', message: 'is required when delivered' });
    else if (daysBetween(input.deliveredOn, today) < 0) violations.push({ path: 'body.deliveredOn', message: 'must not be in the future' });
    else if (daysBetween(referral.requestedOn, input.deliveredOn) < 0) {
      violations.push({ path: 'body.deliveredOn', message: 'must not be before the referral was requested' });
    }
  } else if (input.deliveredOn) violations.push({ path: 'body.deliveredOn', message: 'only a delivery has a delivery day' });
  return violations;
}

/** The referral after a legal move (check `moveConflict` and `moveViolations` first). */
export function moveReferral(referral: Referral, move: ReferralMove, input: MoveInput, actor: Actor, stamp: Stamp): Referral {
  const status = REFERRAL_MOVES[move];
  return {
    ...referral,
    status,
    ...(move === 'deliver' && input.deliveredOn ? { deliveredOn: input.deliveredOn } : {}),
    history: [...referral.history, { action: status, at: stamp.at, ...actor, ...(input.reason ? { reason: input.reason } : {}) }],
    updatedAt: stamp.at,
  };
}

/**
 * Who records a move (403 otherwise): for a municipal service, the provider's officer accepts, declines and says
 * whether it was delivered; for any other provider the case's worker or supervisor records what the provider said.
 * Only the case's side cancels.
 */
export function moverRefusal(referral: Pick<Referral, 'providerKind'>, move: ReferralMove, role: string): string | undefined {
  const caseSide = role === 'social_worker' || role === 'supervisor';
  if (move === 'cancel') return caseSide ? undefined : 'Only the child’s worker or supervisor cancels a referral.';
  const providerSide = referral.providerKind === 'municipality' ? role === 'municipal_officer' : caseSide;
  if (providerSide) return undefined;
  return referral.providerKind === 'municipality'
    ? 'The municipality’s officer records what its service did with the referral.'
    : 'The child’s worker or supervisor records what the provider did with the referral.';
}
