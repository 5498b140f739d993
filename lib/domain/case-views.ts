import { keyedBy } from './keyed';
import { ageBand } from './age-bands';
import type { Child } from './case';
import type { IsoDate } from './dates';
import { DOMAINS } from './domains';

/** All that a municipal officer learns about a flagged child: no name, birth date, note or visit. */
export function childSummary(child: Pick<Child, 'caseCode' | 'birthDate' | 'latestLevels'>, today: IsoDate) {
  return {
    caseCode: child.caseCode,
    ageBand: ageBand(child.birthDate, today),
    latestLevels: keyedBy(DOMAINS, (domain) => child.latestLevels[domain].level),
  };
}
