import { decodeTime } from 'ulidx';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, auditor } from '../../../lib/domain/audit';

const AT = '2026-06-20T09:15:00.000Z';

describe('the audit trail: who, in which role, did what to which child, when (DESIGN.md)', () => {
  it('an entry names the user, their role, the request, the moment, the action and the child', () => {
    const entry = auditor({ sub: 'worker-1', role: 'social_worker' }, 'req-1', AT)('child.read', 'child-1');
    expect(entry).toEqual({ entryId: entry.entryId, childId: 'child-1', action: 'child.read', by: 'worker-1', role: 'social_worker', requestId: 'req-1', at: AT });
  });

  it('what the system does (the sweep, the stream consumers) is recorded as by the system, in the role system', () => {
    expect(auditor('system', 'sweep-2026-06-20', AT)('checkpoints.missed', 'child-1')).toMatchObject({ by: 'system', role: 'system' });
  });

  it('one request may record several entries for one child: each its own id, in the order recorded, dated at the request', () => {
    const audit = auditor({ sub: 'worker-1', role: 'social_worker' }, 'req-1', AT);
    const entries = [audit('visit.create', 'child-1'), audit('flag.resolve', 'child-1'), audit('referral.request', 'child-1')];
    const ids = entries.map((e) => e.entryId);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(decodeTime(id)).toBe(Date.parse(AT));
  });

  it('every action is named <record>.<what was done>, once; break-the-glass, reads and writes of a child among them', () => {
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z]+\.[a-z]+$/);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['child.read', 'child.update', 'emergency.access', 'consent.withdraw', 'plan.read']));
  });

  it('an entry may say the request was refused (out of scope) or replayed (an idempotent retry)', () => {
    expect(AUDIT_OUTCOMES).toEqual(['refused', 'replayed']);
  });
});
