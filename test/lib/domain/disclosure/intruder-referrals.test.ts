import { DEFAULT_MAX_NOISE } from '../../../../lib/domain/disclosure/perturbation-table';
import { attack } from '../../../support/intruder-scenario';

// The intruder solves integer programs over about 900 targets (test/support/intruder.ts).
jest.setTimeout(120_000);

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
