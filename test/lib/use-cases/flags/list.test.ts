import type { FlagReader } from '../../../../lib/auth/scope';
import { NotPermitted } from '../../../../lib/domain/errors';
import { flagListing } from '../../../../lib/use-cases/flags/list';

const officer: FlagReader = { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje', 'bitola'] };
const worker: FlagReader = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-a' };
const supervisor: FlagReader = { role: 'supervisor', sub: 'supervisor-1', organisationId: 'org-a' };

describe('an officer reads the flags of their municipalities, narrowed to one they name and never widened', () => {
  it('with no municipality named, every one of theirs', () => {
    expect(flagListing(officer, {}).owner).toEqual({ by: 'municipalities', municipalityIds: ['skopje', 'bitola'] });
  });

  it('naming one of theirs narrows the lists to it', () => {
    expect(flagListing(officer, { municipalityId: 'bitola' }).owner).toEqual({ by: 'municipalities', municipalityIds: ['bitola'] });
  });

  it('naming a municipality not theirs is refused (403)', () => {
    expect(() => flagListing(officer, { municipalityId: 'ohrid' })).toThrow(new NotPermitted('That municipality is not one of yours.'));
  });

  it('an officer’s lists are not kept to an organisation: their municipality’s flags come from several', () => {
    expect(flagListing(officer, {}).organisation).toEqual({});
  });
});

describe('a worker or supervisor reads their own flags, kept to the organisation they are in now', () => {
  it('a worker reads their caseload’s flags, a supervisor their organisation’s', () => {
    expect(flagListing(worker, {})).toMatchObject({ owner: { by: 'caseWorker', caseWorkerId: 'worker-1' }, organisation: { organisationId: 'org-a' } });
    expect(flagListing(supervisor, {})).toMatchObject({ owner: { by: 'organisation', organisationId: 'org-a' }, organisation: { organisationId: 'org-a' } });
  });

  it('a municipality named by a worker filters their lists and narrows nothing else', () => {
    expect(flagListing(worker, { municipalityId: 'ohrid' }).owner).toEqual({ by: 'caseWorker', caseWorkerId: 'worker-1', organisationId: 'org-a' });
  });
});

describe('resolved flags are a shelf of their own', () => {
  it.each([
    [undefined, 'active'],
    ['open', 'active'],
    ['acknowledged', 'active'],
    ['resolved', 'resolved'],
  ] as const)('status %s reads the %s shelf', (status, shelf) => {
    expect(flagListing(worker, status ? { status } : {}).shelf).toBe(shelf);
  });
});
