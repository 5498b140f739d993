/**
 * The fewest DynamoDB round trips one request of each route needs under the data model (docs/data-model.md),
 * and why; `npm run bench` prints the measured number next to it. Reading routes write the audit record of who
 * read what: alongside the read where the path names the child, after it where the read finds the children.
 */
export interface LeastCost {
  roundTrips: number;
  /** What the count grows with, for routes whose work is proportional to the data they answer about. */
  plus?: string;
  why: string;
}

export const MINIMUM_COST: Record<string, LeastCost> = {
  enrolChild: { roundTrips: 1, why: 'one transaction: child, case-code claim, checkpoints, audit entry, municipality check' },
  logVisit: {
    roundTrips: 3,
    why: 'idempotency record; one query of the child partition below VISIT# (child, checkpoints, flags, assessments); one transaction',
  },
  getChild: { roundTrips: 2, why: 'one query of the child partition (child, flags) and the audit record, issued together' },
  listFlags: { roundTrips: 3, why: 'municipality index page; BatchGetItem of the children summarised; audit' },
  getOutcomes: { roundTrips: 1, why: 'the outcome cells partition' },
  listChildren: { roundTrips: 2, why: 'caseload index page; audit' },
  listCheckpoints: { roundTrips: 3, why: 'the child for scope; a page of the schedule on the LSI by due date; audit' },
  getAgenda: { roundTrips: 2, why: 'agenda index page; audit' },
  listVisits: { roundTrips: 3, why: 'the child for scope; the byDate index page (another index); audit' },
  getTimeline: { roundTrips: 3, why: 'the child for scope; the assessments (one range); audit' },
  getAuditTrail: { roundTrips: 2, why: 'the child for scope; the audit partition' },
  getFlag: { roundTrips: 3, why: 'flag locator (flag id → child); BatchGetItem of flag and child; audit' },
  acknowledgeFlag: { roundTrips: 3, why: 'flag locator; BatchGetItem of flag and child; one transaction' },
  resolveFlag: { roundTrips: 3, why: 'flag locator; BatchGetItem of flag and child; one transaction' },
  updateCheckpoint: { roundTrips: 2, why: 'one query from CHECKPOINT# to FLAG# (checkpoints, child, flags); one transaction' },
  updateChild: { roundTrips: 2, why: 'one query from CHECKPOINT# to FLAG#; one transaction (with the municipality check on a transfer)' },
  closeChild: { roundTrips: 2, why: 'one query from CHECKPOINT# to FLAG#; one transaction' },
  grantEmergencyAccess: { roundTrips: 2, why: 'the child; one transaction (grant and audit entry)' },
  exportOutcomes: {
    roundTrips: 1,
    plus: '1 per cohort page + 1 per exported child',
    why: 'the cells; the rows of each cohort a page at a time; each exported child’s visit dates',
  },
  getOutcomesReport: { roundTrips: 1, why: 'the outcome cells partition' },
  putMunicipality: { roundTrips: 1, why: 'one put that returns the old item (created or not); reference data, no audit' },
  listMunicipalities: { roundTrips: 1, why: 'the municipalities partition, one page' },
  runSweep: {
    roundTrips: 17,
    plus: '1 per outcome cell kept + 2 per child with a checkpoint due + 2 per flag to escalate',
    why: 'two index partitions per shard (8 shards) and the outcome cells; then per child the case query and one transaction',
  },
};
