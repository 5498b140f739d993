import { enrol } from '../../../lib/domain/enrolment';
import { ANSWERABLE_BY_REFERRAL, acknowledge, raiseConcern, resolve, transitionConflict } from '../../../lib/domain/flag-transitions';
import { FLAG_TYPES, raiseFlag, type Flag } from '../../../lib/domain/flags';
import { clock, enrolmentInput, inScope } from './fixtures';

// Issue 20: the rules of a flag's life that a person drives (DESIGN.md, Flags and "Who may do what").
const { child } = enrol({ ...enrolmentInput, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock('2026-01-10T08:00:00.000Z')());
const RAISED_AT = '2026-03-01T09:00:00.000Z';
const OFFICER = { by: 'officer-1', role: 'municipal_officer' };
const WORKER = { by: 'worker-1', role: 'social_worker' };

const openFlag = (): Flag =>
  raiseFlag(child, { subject: 'missed_visit#cp-1', type: 'missed_visit', severity: 'medium', evidence: { checkpointId: 'cp-1' } }, clock(RAISED_AT)());

describe('a person moves a flag open → acknowledged → resolved, never back', () => {
  it.each([
    ['open', 'acknowledged'],
    ['open', 'resolved'],
    ['acknowledged', 'resolved'],
  ] as const)('a flag %s may become %s', (status, to) => {
    expect(transitionConflict({ status }, to)).toBeUndefined();
  });

  it('an acknowledged flag cannot be acknowledged again', () => {
    expect(transitionConflict({ status: 'acknowledged' }, 'acknowledged')).toBe('The flag is already acknowledged.');
  });

  it.each(['acknowledged', 'resolved'] as const)('a resolved flag cannot become %s', (to) => {
    expect(transitionConflict({ status: 'resolved' }, to)).toBe('The flag is already resolved.');
  });
});

describe('a flag keeps its history: who acknowledged and resolved it, when, and their note', () => {
  it('an acknowledged flag keeps its history of raising and adds the acknowledgement, by whom and when, with the note', () => {
    const flag = openFlag();
    const { flag: acknowledged, updatedAtRead } = acknowledge(inScope(flag), WORKER, 'Calling the family today.', clock('2026-03-02T10:00:00.000Z')());
    expect(acknowledged.status).toBe('acknowledged');
    expect(updatedAtRead).toBe(RAISED_AT);
    expect(acknowledged.updatedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(acknowledged.history).toEqual([
      { action: 'raised', at: RAISED_AT, by: 'system', role: 'system' },
      { action: 'acknowledged', at: '2026-03-02T10:00:00.000Z', by: 'worker-1', role: 'social_worker', note: 'Calling the family today.' },
    ]);
  });

  it('an acknowledgement without a note records no note', () => {
    const { flag } = acknowledge(inScope(openFlag()), WORKER, undefined, clock('2026-03-02T10:00:00.000Z')());
    expect(flag.history[1]).toEqual({ action: 'acknowledged', at: '2026-03-02T10:00:00.000Z', by: 'worker-1', role: 'social_worker' });
  });

  it('an officer acknowledges for the municipality the flag is routed to, so only that municipality reads their note', () => {
    const { flag } = acknowledge(inScope(openFlag()), OFFICER, 'We will visit.', clock('2026-03-02T10:00:00.000Z')());
    expect(flag.history[1]).toEqual({ action: 'acknowledged', at: '2026-03-02T10:00:00.000Z', by: 'officer-1', role: 'municipal_officer', municipalityId: 'skopje', note: 'We will visit.' });
  });

  it('a resolved flag keeps its history of acknowledgement and adds the resolution, with the person, the note and the action taken', () => {
    const stamp = clock('2026-03-02T10:00:00.000Z');
    const { flag: acknowledged } = acknowledge(inScope(openFlag()), WORKER, undefined, stamp());
    const { flag: resolved, updatedAtRead } = resolve(inScope(acknowledged), OFFICER, { note: 'Housing found.', actionTaken: 'referral' }, stamp());
    expect(resolved.status).toBe('resolved');
    expect(updatedAtRead).toBe(acknowledged.updatedAt);
    expect(resolved.updatedAt).toBe(resolved.resolution?.at);
    expect(resolved.resolution).toEqual({
      note: 'Housing found.',
      actionTaken: 'referral',
      at: resolved.updatedAt,
      by: 'officer-1',
      role: 'municipal_officer',
      municipalityId: 'skopje',
      automatic: false,
    });
    expect(resolved.history.map((event) => event.action)).toEqual(['raised', 'acknowledged', 'resolved']);
    expect(resolved.history[2]).toEqual({ action: 'resolved', at: resolved.updatedAt, by: 'officer-1', role: 'municipal_officer', municipalityId: 'skopje', note: 'Housing found.' });
  });

  it('a worker resolves as themselves: no municipality on their event', () => {
    const { flag } = resolve(inScope(openFlag()), WORKER, { note: 'Back in school.' }, clock('2026-03-02T10:00:00.000Z')());
    expect(flag.history[1]).toEqual({ action: 'resolved', at: '2026-03-02T10:00:00.000Z', by: 'worker-1', role: 'social_worker', note: 'Back in school.' });
    expect(flag.resolution).toEqual({ note: 'Back in school.', at: '2026-03-02T10:00:00.000Z', by: 'worker-1', role: 'social_worker', automatic: false });
  });
});

describe('a concern names the person who raised it', () => {
  it('a worker’s concern is raised by the worker alone: no municipality on the event', () => {
    const flag = raiseConcern(inScope(child), { type: 'missing', note: 'Not at home.' }, WORKER, clock('2026-06-20T09:00:00.000Z')());
    expect(flag.history).toEqual([{ action: 'raised', at: '2026-06-20T09:00:00.000Z', by: 'worker-1', role: 'social_worker', note: 'Not at home.' }]);
  });

  it('an officer’s concern is raised for the child’s municipality', () => {
    const flag = raiseConcern(inScope(child), { type: 'missing', note: 'Not at home.' }, OFFICER, clock('2026-06-20T09:00:00.000Z')());
    expect(flag.history).toEqual([{ action: 'raised', at: '2026-06-20T09:00:00.000Z', by: 'officer-1', role: 'municipal_officer', municipalityId: 'skopje', note: 'Not at home.' }]);
  });
});

describe('the flags a referral may answer (DESIGN.md v2, Referrals)', () => {
  it('resolving a regression or a concern may name the referral that answered it; no other flag type', () => {
    expect(FLAG_TYPES.filter((type) => ANSWERABLE_BY_REFERRAL.includes(type))).toEqual(['regression', 'concern']);
  });
});
