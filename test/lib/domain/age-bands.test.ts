import { AGE_BANDS, ageBand } from '../../../lib/domain/age-bands';

describe('age bands: shown instead of a birth date, coarse at the ends where few children are', () => {
  it('the bands, in order: 0–8, 9–11, 12–14, 15–17, 18–20, 21 and over', () => {
    expect(AGE_BANDS).toEqual(['0-8', '9-11', '12-14', '15-17', '18-20', '21+']);
  });

  it.each([
    [0, '0-8'],
    [8, '0-8'],
    [9, '9-11'],
    [11, '9-11'],
    [12, '12-14'],
    [14, '12-14'],
    [15, '15-17'],
    [17, '15-17'],
    [18, '18-20'],
    [20, '18-20'],
    [21, '21+'],
    [40, '21+'],
  ])('a child of %i is in the band %s', (years, band) => {
    expect(ageBand('2000-06-15', `${2000 + years}-06-15`)).toBe(band);
  });

  it('a child moves up a band on the birthday itself, not the day before', () => {
    expect(ageBand('2010-03-10', '2019-03-09')).toBe('0-8');
    expect(ageBand('2010-03-10', '2019-03-10')).toBe('9-11');
    expect(ageBand('2005-03-10', '2026-03-09')).toBe('18-20');
    expect(ageBand('2005-03-10', '2026-03-10')).toBe('21+');
  });
});
