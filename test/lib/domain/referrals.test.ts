import type { Consent } from '../../../lib/domain/consent';
import type { Stamp } from '../../../lib/domain/case';
import { moveConflict, moveReferral, moverRefusal, moveViolations } from '../../../lib/domain/referral-moves';
import { referralBasis, referralViolations, requestReferral } from '../../../lib/domain/referral-request';
import { daysToDelivery, flagOverdue, isOverdue, type Referral, type ReferralInput, type ReferralMove } from '../../../lib/domain/referrals';
import { DEFAULT_POLICY } from '../../../lib/domain/schedule';

const worker = { by: 'worker-1', role: 'social_worker' };
const supervisor = { by: 'supervisor-1', role: 'supervisor' };
const officer = { by: 'officer-1', role: 'municipal_officer', municipalityId: 'skopje' };
const TODAY = '2026-06-20';
const moment = { day: TODAY, at: '2026-06-20T09:00:00.000Z' };
let ids = 0;
const stamp = (at = moment.at): Stamp => ({ at, newId: () => `01J00000000000000000000${String((ids += 1)).padStart(3, '0')}`, policy: DEFAULT_POLICY });
const child = { childId: 'child-1', municipalityId: 'skopje', caseCode: 'C-1', organisationId: 'org-1', caseWorkerId: 'worker-1' };
const input = (overrides: Partial<ReferralInput> = {}): ReferralInput => ({ domain: 'housing', service: 'housing', providerKind: 'municipality', dueBy: '2026-07-20', ...overrides });
const consent = (overrides: Partial<Consent> = {}): Consent => ({
  consentId: 'consent-1',
  childId: 'child-1',
  scope: 'referral',
  givenBy: 'guardian',
  givenOn: '2026-06-01',
  recordedBy: 'worker-1',
  recordedRole: 'social_worker',
  recordedAt: '2026-06-01T10:00:00.000Z',
  ...overrides,
});
const requested = (overrides: Partial<ReferralInput> = {}): Referral =>
  requestReferral(child, input(overrides), { kind: 'consent', consentId: 'consent-1' }, worker, TODAY, stamp());

describe('consent for a referral outside the organisation', () => {
  it('an active referral consent is the basis of the referral', () => {
    expect(referralBasis(input(), [consent()], worker, moment)).toEqual({ kind: 'consent', consentId: 'consent-1' });
  });

  it('without one, the referral is refused with a clear reason (409), naming the consent and the override', () => {
    const refused = referralBasis(input(), [], worker, moment);
    expect(refused).toEqual({ conflict: expect.stringMatching(/referral consent.*consentOverride/s) });
  });

  it('consent of another scope (municipal sharing, research) does not allow a referral', () => {
    expect(referralBasis(input(), [consent({ scope: 'municipal_sharing' }), consent({ scope: 'research' })], worker, moment)).toHaveProperty('conflict');
  });

  it('a withdrawn consent allows no new referral from the moment of withdrawal, and did before it', () => {
    const withdrawn = consent({ withdrawal: { by: 'worker-1', role: 'social_worker', at: '2026-06-20T08:00:00.000Z' } });
    expect(referralBasis(input(), [withdrawn], worker, moment)).toHaveProperty('conflict');
    expect(referralBasis(input(), [withdrawn], worker, { day: TODAY, at: '2026-06-20T07:59:59.000Z' })).toEqual({ kind: 'consent', consentId: 'consent-1' });
  });

  it('a consent given on a later day does not cover a referral today', () => {
    expect(referralBasis(input(), [consent({ givenOn: '2026-06-21' })], worker, moment)).toHaveProperty('conflict');
  });

  it('a supervisor’s override with a reason is the basis where no consent is active, and names who and why', () => {
    expect(referralBasis(input({ consentOverride: { reason: 'Imminent eviction.' } }), [], supervisor, moment)).toEqual({
      kind: 'override',
      by: 'supervisor-1',
      role: 'supervisor',
      reason: 'Imminent eviction.',
    });
  });

  it('an active consent is preferred to an override, so no override is recorded where none was needed', () => {
    expect(referralBasis(input({ consentOverride: { reason: 'x' } }), [consent()], supervisor, moment)).toEqual({ kind: 'consent', consentId: 'consent-1' });
  });

  it('a service of the child’s own organisation needs no consent: nothing leaves it', () => {
    expect(referralBasis(input({ providerKind: 'ngo', inHouse: true }), [], worker, moment)).toEqual({ kind: 'in_house' });
  });

  it('only a supervisor may override, and not for an in-house service', () => {
    expect(referralViolations(input({ consentOverride: { reason: 'x' } }), TODAY, undefined, worker)).toEqual([
      expect.objectContaining({ path: 'body.consentOverride' }),
    ]);
    expect(referralViolations(input({ consentOverride: { reason: 'x' } }), TODAY, undefined, supervisor)).toEqual([]);
    expect(referralViolations(input({ providerKind: 'ngo', inHouse: true, consentOverride: { reason: 'x' } }), TODAY, undefined, supervisor)).toEqual([
      expect.objectContaining({ path: 'body.inHouse' }),
    ]);
  });
});

describe('a referral as requested', () => {
  it('is due today or later; a due day in the past is bad input', () => {
    expect(referralViolations(input({ dueBy: TODAY }), TODAY, undefined, worker)).toEqual([]);
    expect(referralViolations(input({ dueBy: '2026-06-19' }), TODAY, undefined, worker)).toEqual([expect.objectContaining({ path: 'body.dueBy' })]);
  });

  it('a municipal service may name the municipality asked', () => {
    expect(referralViolations(input({ municipalityId: 'bitola' }), TODAY, undefined, worker)).toEqual([]);
  });

  it('an in-house service is the organisation’s own: never a municipal one, and fine for an NGO of its own', () => {
    expect(referralViolations(input({ inHouse: true }), TODAY, undefined, worker)).toEqual([expect.objectContaining({ path: 'body.inHouse' })]);
    expect(referralViolations(input({ providerKind: 'ngo', inHouse: true }), TODAY, undefined, worker)).toEqual([]);
  });

  it('each bad request is named with what is wrong with it (400)', () => {
    expect(referralViolations(input({ dueBy: '2026-06-19' }), TODAY, undefined, worker)).toEqual([{ path: 'body.dueBy', message: 'must not be in the past' }]);
    expect(referralViolations(input({ providerKind: 'ngo', municipalityId: 'skopje' }), TODAY, undefined, worker)).toEqual([
      { path: 'body.municipalityId', message: 'names the municipality asked, only for a municipal service' },
    ]);
    expect(referralViolations(input({ inHouse: true }), TODAY, undefined, worker)).toEqual([
      { path: 'body.inHouse', message: 'a service of your own organisation is not municipal and needs no override' },
    ]);
    expect(referralViolations(input({ consentOverride: { reason: 'x' } }), TODAY, undefined, worker)).toEqual([
      { path: 'body.consentOverride', message: 'only a supervisor may refer without consent' },
    ]);
    expect(referralViolations(input({ flagId: 'flag-of-another-child' }), TODAY, undefined, worker)).toEqual([{ path: 'body.flagId', message: 'names no flag of this child' }]);
  });

  it('names a municipality only for a municipal service, and a flag only of the same child', () => {
    expect(referralViolations(input({ providerKind: 'ngo', municipalityId: 'skopje' }), TODAY, undefined, worker)).toEqual([
      expect.objectContaining({ path: 'body.municipalityId' }),
    ]);
    expect(referralViolations(input({ flagId: 'flag-of-another-child' }), TODAY, undefined, worker)).toEqual([expect.objectContaining({ path: 'body.flagId' })]);
    expect(referralViolations(input({ flagId: 'flag-1' }), TODAY, { childId: 'child-1', status: 'open' }, worker)).toEqual([]);
  });

  it('goes to the child’s municipality unless another is named, starts requested, and keeps who asked and when', () => {
    const referral = requested();
    expect(referral).toMatchObject({ municipalityId: 'skopje', status: 'requested', requestedOn: TODAY, inHouse: false });
    expect(referral.history).toEqual([{ action: 'requested', at: moment.at, ...worker }]);
    expect(requested({ municipalityId: 'bitola' }).municipalityId).toBe('bitola');
    expect(requested({ consentOverride: { reason: 'x' } })).not.toHaveProperty('consentOverride');
  });
});

describe('the lifecycle: requested → accepted | declined → delivered | not_delivered; cancelled until settled', () => {
  const legal: Array<[Referral['status'], ReferralMove]> = [
    ['requested', 'accept'],
    ['requested', 'decline'],
    ['requested', 'cancel'],
    ['accepted', 'deliver'],
    ['accepted', 'notDeliver'],
    ['accepted', 'cancel'],
  ];
  const statuses: Referral['status'][] = ['requested', 'accepted', 'declined', 'delivered', 'not_delivered', 'cancelled'];
  const moves: ReferralMove[] = ['accept', 'decline', 'deliver', 'notDeliver', 'cancel'];
  it.each(statuses.flatMap((status) => moves.map((move) => [status, move] as const)))('from %s, %s is legal only where the lifecycle allows it (409 otherwise)', (status, move) => {
    const isLegal = legal.some(([from, m]) => from === status && m === move);
    expect(moveConflict({ status }, move) === undefined).toBe(isLegal);
  });

  it('a move the lifecycle refuses says so in words: the status and the move, without underscores', () => {
    expect(moveConflict({ status: 'not_delivered' }, 'accept')).toBe('A not delivered referral cannot be accepted.');
    expect(moveConflict({ status: 'requested' }, 'notDeliver')).toBe('A requested referral cannot be not delivered.');
  });

  it('every change keeps who, in which role, when and why', () => {
    const accepted = moveReferral(requested(), 'accept', {}, officer, stamp('2026-06-21T10:00:00.000Z'));
    const failed = moveReferral(accepted, 'notDeliver', { reason: 'The flat fell through.' }, officer, stamp('2026-06-25T10:00:00.000Z'));
    expect(failed.status).toBe('not_delivered');
    expect(failed.history.slice(1)).toEqual([
      { action: 'accepted', at: '2026-06-21T10:00:00.000Z', ...officer },
      { action: 'not_delivered', at: '2026-06-25T10:00:00.000Z', ...officer, reason: 'The flat fell through.' },
    ]);
    expect(failed.updatedAt).toBe('2026-06-25T10:00:00.000Z');
  });

  it('a decline, a failed delivery and a cancellation need a reason; an acceptance does not', () => {
    for (const move of ['decline', 'notDeliver', 'cancel'] as const) {
      expect(moveViolations(requested(), move, {}, TODAY)).toEqual([expect.objectContaining({ path: 'body.reason' })]);
      expect(moveViolations(requested(), move, { reason: 'why' }, TODAY)).toEqual([]);
    }
    expect(moveViolations(requested(), 'accept', {}, TODAY)).toEqual([]);
  });

  it('each bad move input is named with what is wrong with it (400)', () => {
    const at = (message: string) => [{ path: 'body.deliveredOn', message }];
    expect(moveViolations(requested(), 'decline', {}, TODAY)).toEqual([{ path: 'body.reason', message: 'is required' }]);
    expect(moveViolations(requested(), 'deliver', {}, TODAY)).toEqual(at('is required when delivered'));
    expect(moveViolations(requested(), 'deliver', { deliveredOn: '2026-06-21' }, TODAY)).toEqual(at('must not be in the future'));
    expect(moveViolations(requested(), 'deliver', { deliveredOn: '2026-06-19' }, TODAY)).toEqual(at('must not be before the referral was requested'));
    expect(moveViolations(requested(), 'notDeliver', { reason: 'x', deliveredOn: TODAY }, TODAY)).toEqual(at('only a delivery has a delivery day'));
  });

  it('a delivery has a day: not in the future, not before the request; only a delivery has one', () => {
    expect(moveViolations(requested(), 'deliver', {}, TODAY)).toEqual([expect.objectContaining({ path: 'body.deliveredOn' })]);
    expect(moveViolations(requested(), 'deliver', { deliveredOn: '2026-06-21' }, TODAY)).toEqual([expect.objectContaining({ path: 'body.deliveredOn' })]);
    expect(moveViolations(requested(), 'deliver', { deliveredOn: '2026-06-19' }, TODAY)).toEqual([expect.objectContaining({ path: 'body.deliveredOn' })]);
    expect(moveViolations(requested(), 'deliver', { deliveredOn: TODAY }, TODAY)).toEqual([]);
    expect(moveViolations(requested(), 'notDeliver', { reason: 'x', deliveredOn: TODAY }, TODAY)).toEqual([expect.objectContaining({ path: 'body.deliveredOn' })]);
  });

  it('only a delivery records a delivery day: no other move carries one, even when given', () => {
    const accepted = moveReferral(requested(), 'accept', {}, officer, stamp());
    expect('deliveredOn' in accepted).toBe(false);
    expect('deliveredOn' in moveReferral(accepted, 'notDeliver', { reason: 'x', deliveredOn: TODAY }, officer, stamp())).toBe(false);
  });

  it('a delivery records its day, and the days from request to delivery count from the request', () => {
    const delivered = moveReferral(moveReferral(requested(), 'accept', {}, officer, stamp()), 'deliver', { deliveredOn: '2026-06-30' }, officer, stamp());
    expect(delivered).toMatchObject({ status: 'delivered', deliveredOn: '2026-06-30' });
    expect(daysToDelivery(delivered)).toBe(10);
    expect(daysToDelivery(requested())).toBeUndefined();
  });
});

describe('who records a move', () => {
  it('for a municipal service, its officer accepts, declines and says whether it was delivered; the case’s side may not', () => {
    for (const move of ['accept', 'decline', 'deliver', 'notDeliver'] as const) {
      expect(moverRefusal({ providerKind: 'municipality' }, move, 'municipal_officer')).toBeUndefined();
      expect(moverRefusal({ providerKind: 'municipality' }, move, 'social_worker')).toBeDefined();
    }
  });

  it('for any other provider, the case’s worker or supervisor records what the provider said', () => {
    for (const role of ['social_worker', 'supervisor']) expect(moverRefusal({ providerKind: 'ngo' }, 'deliver', role)).toBeUndefined();
    expect(moverRefusal({ providerKind: 'ngo' }, 'deliver', 'municipal_officer')).toBeDefined();
  });

  it('only the case’s side cancels', () => {
    expect(moverRefusal({ providerKind: 'municipality' }, 'cancel', 'social_worker')).toBeUndefined();
    expect(moverRefusal({ providerKind: 'municipality' }, 'cancel', 'municipal_officer')).toBeDefined();
  });
});

describe('a refused mover is told who records the move (403)', () => {
  it('for a municipal service, the municipality’s officer; for another provider, the child’s worker or supervisor; a cancellation, the case’s side', () => {
    expect(moverRefusal({ providerKind: 'municipality' }, 'deliver', 'social_worker')).toBe('The municipality’s officer records what its service did with the referral.');
    expect(moverRefusal({ providerKind: 'ngo' }, 'deliver', 'municipal_officer')).toBe('The child’s worker or supervisor records what the provider did with the referral.');
    expect(moverRefusal({ providerKind: 'municipality' }, 'cancel', 'municipal_officer')).toBe('Only the child’s worker or supervisor cancels a referral.');
  });
});

describe('overdue referrals', () => {
  it('a pending referral is overdue from the day after its due day, not on it', () => {
    expect(isOverdue(requested({ dueBy: '2026-07-20' }), '2026-07-20')).toBe(false);
    expect(isOverdue(requested({ dueBy: '2026-07-20' }), '2026-07-21')).toBe(true);
  });

  it('an accepted referral not yet delivered is overdue too; a settled one never is', () => {
    const accepted = moveReferral(requested(), 'accept', {}, officer, stamp());
    expect(isOverdue(accepted, '2026-08-01')).toBe(true);
    for (const status of ['declined', 'delivered', 'not_delivered', 'cancelled'] as const) expect(isOverdue({ ...accepted, status }, '2026-08-01')).toBe(false);
  });

  it('the sweep raises one referral_overdue flag, medium, in the referral’s domain, and marks the referral so it is never raised again', () => {
    const { referral, raised } = flagOverdue(requested(), child, stamp('2026-07-21T02:00:00.000Z'));
    expect(raised).toMatchObject({
      type: 'referral_overdue',
      severity: 'medium',
      domain: 'housing',
      subject: `referral_overdue#${referral.referralId}`,
      evidence: { referralId: referral.referralId, dueOn: '2026-07-20' },
      municipalityId: 'skopje',
    });
    expect(referral.overdueFlaggedAt).toBe('2026-07-21T02:00:00.000Z');
    expect(isOverdue(referral, '2026-07-22')).toBe(false);
  });
});
