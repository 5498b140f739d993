import { InvalidInput, NotPermitted } from '../../../../lib/domain/errors';
import { askedMunicipality } from '../../../../lib/use-cases/referrals/list';

describe('an officer reads the referrals of one of their municipalities', () => {
  it('an officer of one municipality reads its referrals without naming it', () => {
    expect(askedMunicipality({ municipalityIds: ['skopje'] }, undefined)).toBe('skopje');
  });

  it('an officer of several names the one they read', () => {
    expect(askedMunicipality({ municipalityIds: ['skopje', 'bitola'] }, 'bitola')).toBe('bitola');
  });

  it('an officer of several who names none is asked to name one (400)', () => {
    expect(() => askedMunicipality({ municipalityIds: ['skopje', 'bitola'] }, undefined)).toThrow(
      new InvalidInput([{ path: 'query.municipalityId', message: 'name one of your municipalities: you serve several' }]),
    );
  });

  it('a municipality not theirs is refused (403)', () => {
    expect(() => askedMunicipality({ municipalityIds: ['skopje'] }, 'ohrid')).toThrow(new NotPermitted('That municipality is not one of yours.'));
  });
});
