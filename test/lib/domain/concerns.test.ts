import { enrol } from '../../../lib/domain/enrolment';
import { officerFlagView } from '../../../lib/domain/flag-views';
import { raiseConcern } from '../../../lib/domain/flag-transitions';
import { flagSubject } from '../../../lib/domain/flags';
import { clock, enrolmentInput, inScope } from './fixtures';

const { child } = enrol({ ...enrolmentInput, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock('2026-01-10T08:00:00.000Z')());
const NOTE = 'Seen with an unknown adult near the bus station.';

describe('concerns raised by people: a concern flag, high, with its type, routed to the child’s municipality', () => {
  it('a worker’s concern: type concern, severity high, open, its own subject, raised by the worker with the note', () => {
    const stamp = clock('2026-06-20T09:00:00.000Z')();
    const flag = raiseConcern(inScope(child), { type: 're_trafficking_risk', note: NOTE }, { by: 'worker-1', role: 'social_worker' }, stamp);
    expect(flag).toMatchObject({
      type: 'concern',
      concernType: 're_trafficking_risk',
      severity: 'high',
      status: 'open',
      municipalityId: 'skopje',
      caseWorkerId: 'worker-1',
      subject: flagSubject.concern(flag.flagId),
      history: [{ action: 'raised', by: 'worker-1', role: 'social_worker', note: NOTE, at: '2026-06-20T09:00:00.000Z' }],
    });
  });

  it('two concerns are two flags: each its own subject', () => {
    const stamp = clock('2026-06-20T09:00:00.000Z');
    const concern = { type: 'missing', note: NOTE } as const;
    const [a, b] = [raiseConcern(inScope(child), concern, { by: 'worker-1', role: 'social_worker' }, stamp()), raiseConcern(inScope(child), concern, { by: 'worker-1', role: 'social_worker' }, stamp())];
    expect(a.subject).not.toBe(b.subject);
  });

  it('an officer sees the type of a worker’s concern but not the worker’s words', () => {
    const flag = raiseConcern(inScope(child), { type: 'safeguarding', note: NOTE }, { by: 'worker-1', role: 'social_worker' }, clock('2026-06-20T09:00:00.000Z')());
    const view = officerFlagView(flag, child, '2026-06-20');
    expect(view).toMatchObject({ type: 'concern', concernType: 'safeguarding', history: [{ action: 'raised', role: 'social_worker', in: '2026-06' }] });
    expect(JSON.stringify(view)).not.toContain(NOTE);
  });

  it('an officer’s own concern: their municipality reads their words; after the child moves, the new municipality does not', () => {
    const flag = raiseConcern(inScope(child), { type: 'missing', note: NOTE }, { by: 'officer-1', role: 'municipal_officer' }, clock('2026-06-20T09:00:00.000Z')());
    expect(flag.history[0]).toMatchObject({ municipalityId: 'skopje' });
    expect(officerFlagView(flag, child, '2026-06-20').history[0]!.note).toBe(NOTE);
    const moved = { ...flag, municipalityId: 'bitola' };
    expect(officerFlagView(moved, { ...child, municipalityId: 'bitola' }, '2026-06-20').history[0]).not.toHaveProperty('note');
  });
});
