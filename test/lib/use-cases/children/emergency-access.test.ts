import { emergencyGrant } from '../../../../lib/use-cases/children/emergency-access';

const child = { childId: 'child-1', organisationId: 'org-a' };
const supervisor = { sub: 'supervisor-b', organisationId: 'org-b' };
const at = (instant: string) => ({ at: instant, newId: () => 'grant-1' });

describe('emergency access lasts the configured hours from the moment it is granted', () => {
  it('expires `hours` after the grant, said as a timestamp to people and in epoch seconds to the TTL', () => {
    const { grant, expiresOn } = emergencyGrant(child, supervisor, 'child at risk tonight', at('2026-06-15T10:00:00.000Z'), 24);
    expect(expiresOn).toBe('2026-06-16T10:00:00.000Z');
    expect(grant.expiresAt).toBe(Date.parse('2026-06-16T10:00:00.000Z') / 1000);
  });

  it('rounds a grant made mid-second up to the next whole second, so the record never expires early', () => {
    const { grant, expiresOn } = emergencyGrant(child, supervisor, 'reason', at('2026-06-15T10:00:00.250Z'), 1);
    expect(expiresOn).toBe('2026-06-15T11:00:00.250Z');
    expect(grant.expiresAt).toBe(Date.parse('2026-06-15T11:00:01.000Z') / 1000);
  });

  it('names the supervisor and both organisations, the reason and the moment it was granted', () => {
    const { grant } = emergencyGrant(child, supervisor, 'child at risk tonight', at('2026-06-15T10:00:00.000Z'), 8);
    expect(grant).toEqual({
      grantId: 'grant-1',
      supervisorId: 'supervisor-b',
      supervisorOrganisationId: 'org-b',
      childId: 'child-1',
      childOrganisationId: 'org-a',
      reason: 'child at risk tonight',
      grantedAt: '2026-06-15T10:00:00.000Z',
      expiresAt: Date.parse('2026-06-15T18:00:00.000Z') / 1000,
    });
  });
});
