import { OutcomesQuerySchema } from '../../../../lib/api/schemas/outcomes';
import { SUPPRESSED } from '../../../../lib/domain/disclosure/cell-key';
import { DEFAULT_MAX_NOISE, PERTURBATION_TABLES, type MaxNoise } from '../../../../lib/domain/disclosure/perturbation-table';
import { disclosures } from '../../../support/intruder';
import { FILTER_VALUES, askEverything, keysFrom, observationsOf, targetsOf, vulnerablePopulation, worldOf } from '../../../support/intruder-scenario';

// The intruder solves integer programs over about 600 targets (test/support/intruder.ts).
jest.setTimeout(120_000);

const K = 5;

/** An evaluator asks every filter on two days, around one enrolment, and solves for every count. */
async function attack(seed: number, maxNoise: 0 | MaxNoise, withReferrals = false) {
  const rules = { k: K, table: PERTURBATION_TABLES[maxNoise] };
  const population = vulnerablePopulation(keysFrom(seed), withReferrals);
  const asked = askEverything(population, rules);
  const observations = observationsOf(asked, withReferrals);
  const found = await disclosures(worldOf(withReferrals), observations, targetsOf(population, asked), rules);
  return { found, hiddenAnswers: observations.filter((o) => o.shown === SUPPRESSED).length };
}

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

  describe('issue 16: the referral figures go through the same mechanism, so they open no new hole', () => {
    it('control: without perturbation, the referral figures give the new child’s referral away like its other facts', async () => {
      const { found } = await attack(1, 0, true);
      for (const disclosure of found) expect(disclosure).toMatchObject({ value: disclosure.truth });
      const recovered = new Map(found.map((d) => [d.description, d.value]));
      expect(recovered.get("the new child's referral is counted in ref:ohrid:legal_aid")).toBe(1);
    });

    it.each([1, 2, 3])('with every count perturbed (D = 2), the referral figures added, the intruder still pins nothing (record keys of seed %i)', async (seed) => {
      const { found, hiddenAnswers } = await attack(seed, DEFAULT_MAX_NOISE, true);
      expect(hiddenAnswers).toBeGreaterThan(0);
      expect(found).toEqual([]);
    });
  });
});
