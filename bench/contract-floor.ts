/**
 * The least work each timed route's contract requires (issue 19), in steps: the calls of a step are independent and
 * issued together, a step waits for the one before. A read is one round trip; its audit record is written alongside
 * it; independent writes go together. `npm run bench` replays these calls (taken from the route's own, by operation)
 * and compares the route with that floor, and with its own calls replayed one after another.
 */
export interface ContractFloor {
  /** DynamoDB operations (`GetItem`, `Query`, …) per step. */
  steps: ReadonlyArray<readonly string[]>;
  why: string;
}

export const CONTRACT_FLOOR = {
  enrolChild: {
    steps: [['TransactWriteItems']],
    why: 'one transaction: the child, its case-code claim, its schedule, the audit entry and the municipality check',
  },
  logVisit: {
    steps: [['GetItem', 'Query'], ['TransactWriteItems']],
    why: 'the idempotency record and the case (child, schedule, flags, assessments) read together, then one transaction',
  },
  getChild: { steps: [['Query', 'PutItem']], why: 'one query of the child partition, its audit record written alongside' },
  listFlags: {
    steps: [['Query'], ['BatchGetItem', 'TransactWriteItems']],
    why: 'a page of the municipality index; then the children it summarises and their audit records (one transaction) together',
  },
  getOutcomes: { steps: [['Query']], why: 'the outcome cells partition' },
} as const satisfies Record<string, ContractFloor>;

export type TimedRoute = keyof typeof CONTRACT_FLOOR;
export const TIMED_ROUTES = Object.keys(CONTRACT_FLOOR) as TimedRoute[];

/**
 * The route's recorded calls arranged in the floor's steps: each operation of a step takes the next recorded call of
 * that operation; recorded calls the floor does not name are work the contract does not need.
 */
export function floorSteps<C extends { command: string }>(floor: ContractFloor, recorded: readonly C[]): C[][] {
  const left = [...recorded];
  const take = (operation: string): C[] => {
    const index = left.findIndex((call) => call.command === `${operation}Command`);
    return index === -1 ? [] : left.splice(index, 1);
  };
  return floor.steps.map((step) => step.flatMap(take));
}
