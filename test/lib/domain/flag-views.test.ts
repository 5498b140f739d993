import { flagViewFor, officerFlagView } from '../../../lib/domain/flag-views';
import type { Flag } from '../../../lib/domain/flags';
import { enrolledChild, OFFICER_SUMMARY } from './fixtures';

const child = enrolledChild;
const SUMMARY = OFFICER_SUMMARY;
const WORKER_NOTE = 'Mother says the uncle visits at night.';
const OFFICER_NOTE = 'Skopje social services informed.';
const OTHER_OFFICER_NOTE = 'Bitola closed its file.';
const SYSTEM_NOTE = 'no longer critical at two consecutive assessments';

/** A regression flag that went through every step, with words from a worker, two municipalities' officers and a rule. */
const flag: Flag = {
  flagId: '01JFLAG',
  subject: 'regression#01JVISIT#housing',
  childId: 'child-1',
  caseCode: 'SK-2026-0011',
  municipalityId: 'skopje',
  organisationId: 'org-1',
  caseWorkerId: 'worker-1',
  type: 'regression',
  domain: 'housing',
  severity: 'high',
  status: 'resolved',
  raisedAt: '2026-03-05T10:00:00.000Z',
  evidence: { checkpointId: '01JCP', dueOn: '2026-02-10', visitId: '01JVISIT', visitedOn: '2026-03-04', fromLevel: 'stable', toLevel: 'critical', fromVisitId: '01JPREV', fromAssessedOn: '2026-01-10' },
  history: [
    { action: 'raised', at: '2026-03-05T10:00:00.000Z', by: 'system', role: 'system', note: SYSTEM_NOTE },
    { action: 'acknowledged', at: '2026-03-06T10:00:00.000Z', by: 'worker-1', role: 'social_worker', note: WORKER_NOTE },
    { action: 'escalated', at: '2026-04-01T10:00:00.000Z', by: 'officer-b', role: 'municipal_officer', municipalityId: 'bitola', note: OTHER_OFFICER_NOTE },
    { action: 'acknowledged', at: '2026-04-02T10:00:00.000Z', by: 'officer-s', role: 'municipal_officer', municipalityId: 'skopje', note: OFFICER_NOTE },
    { action: 'acknowledged', at: '2026-04-03T10:00:00.000Z', by: 'officer-x', role: 'municipal_officer', note: 'no municipality named' },
  ],
  escalatedAt: '2026-04-01T10:00:00.000Z',
  resolution: { at: '2026-05-20T10:00:00.000Z', by: 'officer-s', role: 'municipal_officer', municipalityId: 'skopje', automatic: false, note: OFFICER_NOTE, actionTaken: 'housing found' },
  updatedAt: '2026-05-20T10:00:00.000Z',
};

describe('what a municipal officer sees of a flag (DESIGN.md v2, "Scope, once, by construction")', () => {
  it('the kind, severity, status and domain, the month of each event, the organisation, and the minimal child summary', () => {
    expect(officerFlagView(flag, child, '2026-06-01')).toEqual({
      flagId: '01JFLAG',
      municipalityId: 'skopje',
      organisationId: 'org-1',
      type: 'regression',
      domain: 'housing',
      severity: 'high',
      status: 'resolved',
      raisedIn: '2026-03',
      escalatedIn: '2026-04',
      evidence: { fromLevel: 'stable', toLevel: 'critical', dueIn: '2026-02', visitedIn: '2026-03' },
      history: [
        { action: 'raised', in: '2026-03', role: 'system', note: SYSTEM_NOTE },
        { action: 'acknowledged', in: '2026-03', role: 'social_worker' },
        { action: 'escalated', in: '2026-04', role: 'municipal_officer' },
        { action: 'acknowledged', in: '2026-04', role: 'municipal_officer', note: OFFICER_NOTE },
        { action: 'acknowledged', in: '2026-04', role: 'municipal_officer' },
      ],
      resolution: { in: '2026-05', role: 'municipal_officer', automatic: false, note: OFFICER_NOTE, actionTaken: 'housing found' },
      child: SUMMARY,
    });
  });

  it('no staff id, no day, no record id but the flag’s, and no words of a worker or of another municipality', () => {
    const json = JSON.stringify(officerFlagView(flag, child, '2026-06-01'));
    for (const hidden of ['worker-1', 'officer-s', 'officer-b', 'child-1', '01JVISIT', '01JCP', '01JPREV', '2026-03-05', '2026-02-10', WORKER_NOTE, OTHER_OFFICER_NOTE]) {
      expect(json).not.toContain(hidden);
    }
  });

  it('a resolution by a worker shows who resolved it by role and when by month, not the worker’s note or action', () => {
    const byWorker: Flag = { ...flag, resolution: { at: '2026-05-20T10:00:00.000Z', by: 'worker-1', role: 'social_worker', automatic: false, note: WORKER_NOTE, actionTaken: 'moved in with aunt' } };
    expect(officerFlagView(byWorker, child, '2026-06-01').resolution).toEqual({ in: '2026-05', role: 'social_worker', automatic: false });
  });

  it('a resolution by a rule shows its reason; one with no action taken names none', () => {
    const automatic: Flag = { ...flag, resolution: { at: '2026-05-20T10:00:00.000Z', by: 'system', role: 'system', automatic: true, note: SYSTEM_NOTE } };
    expect(officerFlagView(automatic, child, '2026-06-01').resolution).toEqual({ in: '2026-05', role: 'system', automatic: true, note: SYSTEM_NOTE });
  });

  it('what a flag does not have is not in the view: no domain, concern type, escalation, evidence or resolution', () => {
    const bare: Flag = { ...flag, type: 'lost_contact', status: 'open', evidence: {}, history: [], updatedAt: flag.raisedAt };
    delete bare.domain;
    delete bare.escalatedAt;
    delete bare.resolution;
    expect(officerFlagView(bare, child, '2026-06-01')).toEqual({
      flagId: '01JFLAG',
      municipalityId: 'skopje',
      organisationId: 'org-1',
      type: 'lost_contact',
      severity: 'high',
      status: 'open',
      raisedIn: '2026-03',
      evidence: {},
      history: [],
      child: SUMMARY,
    });
  });

  it('only an officer’s words are read by their municipality: a worker’s note stays hidden even stamped with it', () => {
    const stamped: Flag = { ...flag, history: [{ action: 'acknowledged', at: '2026-04-03T10:00:00.000Z', by: 'worker-1', role: 'social_worker', municipalityId: 'skopje', note: WORKER_NOTE }] };
    expect(officerFlagView(stamped, child, '2026-06-01').history).toEqual([{ action: 'acknowledged', in: '2026-04', role: 'social_worker' }]);
  });

  it('a concern shows its type', () => {
    expect(officerFlagView({ ...flag, type: 'concern', concernType: 'missing' }, child, '2026-06-01')).toMatchObject({ type: 'concern', concernType: 'missing' });
  });

  it('once the child or guardian withdrew municipal sharing, the officer sees the flag alone, nothing of the child', () => {
    const view = officerFlagView(flag, { ...child, municipalSharingWithdrawn: true }, '2026-06-01');
    expect(view).not.toHaveProperty('child');
    expect(JSON.stringify(view)).not.toContain('SK-2026-0011');
  });
});

describe('the flag as each role reads it', () => {
  it('a worker or supervisor reads the whole flag with the minimal summary of the child', () => {
    expect(flagViewFor({ role: 'social_worker' }, flag, child, '2026-06-01')).toEqual({ ...flag, child: SUMMARY });
    expect(flagViewFor({ role: 'supervisor' }, flag, child, '2026-06-01')).toEqual({ ...flag, child: SUMMARY });
  });

  it('an officer reads the officer’s view', () => {
    expect(flagViewFor({ role: 'municipal_officer' }, flag, child, '2026-06-01')).toEqual(officerFlagView(flag, child, '2026-06-01'));
  });
});
