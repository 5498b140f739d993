import { OutcomesQuerySchema } from '../../../../lib/api/schemas/outcomes';
import { DEFAULT_MAX_NOISE } from '../../../../lib/domain/disclosure/perturbation-table';
import { FILTER_VALUES, attack } from '../../../support/intruder-scenario';

// The intruder solves integer programs over about 600 targets (test/support/intruder.ts).
jest.setTimeout(120_000);

// The referral figures' attacks (issue 16) are intruder-referrals.test.ts: jest runs the two files side by side.
describe('issue 14: no count below k and no true value can be recovered exactly from any combination of answers', () => {
  it('the intruder asks every filter /outcomes accepts', () => {
    expect(Object.keys(FILTER_VALUES).sort()).toEqual(Object.keys(OutcomesQuerySchema.shape).filter((key) => key !== 'asOf').sort());
  });

  it('control: without perturbation (suppression alone, as in v1) the intruder subtracts its way to the hidden counts and the new child’s level', async () => {
    const { found, hiddenAnswers } = await attack(1, 0);
    expect(hiddenAnswers).toBeGreaterThan(0);
    // The intruder is sound: whatever it pins is the truth.
    for (const disclosure of found) expect(disclosure).toMatchObject({ value: disclosure.truth });
    const recovered = new Map(found.map((d) => [d.description, d.value]));
    // Q1 = 26 with low 11 and medium 12 gives high = 3; the year minus its shown quarters gives Q2 = 2.
    expect(recovered.get('children yesterday cohort=2026-Q1 riskLevel=high')).toBe(3);
    expect(recovered.get('children yesterday cohort=2026-Q2')).toBe(2);
    // Today against yesterday places the one new child and gives its own housing level.
    expect(recovered.get("the new child's municipality is skopje")).toBe(1);
    expect(recovered.get("the new child's risk level is low")).toBe(1);
    expect(recovered.get("the new child's housing level is stable")).toBe(1);
    // Issue 15's filters: the new child's sex and age band, by the same subtraction.
    expect(recovered.get("the new child's sex is female")).toBe(1);
    expect(recovered.get("the new child's age band is 15-17")).toBe(1);
  });

  it.each([1, 2, 3])('with every count perturbed (D = 2), the intruder pins nothing: no hidden count, no shown count’s true value, nothing about the new child (record keys of seed %i)', async (seed) => {
    const { found, hiddenAnswers } = await attack(seed, DEFAULT_MAX_NOISE);
    expect(hiddenAnswers).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
