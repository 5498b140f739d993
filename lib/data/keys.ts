import type { CaseloadScope } from '../auth/access';
import type { IsoDate } from '../domain/dates';

export type FlagShelf = 'active' | 'resolved';
/** A referral waiting on its provider (requested, accepted) or settled (delivered, not delivered, declined, cancelled). */
export type ReferralShelf = 'pending' | 'settled';

/** Shards of each sweep partition: spreads a busy day's writes and lets the sweep read in parallel. */
export const SWEEP_SHARDS = 8;

/** The shard of a child: all its work lands in one shard, so the sweep handles a child in one place. */
export function shardOf(childId: string): number {
  let hash = 0;
  for (const char of childId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % SWEEP_SHARDS;
}

interface OutcomeCellKey {
  cohort: string;
  municipalityId: string;
  riskLevel: string;
  sex: string;
  ageBand: string;
}

/**
 * The outcome cells' partition, named by the definition of the figures they count (2: DESIGN.md v2, freshness,
 * not_applicable, sustained, sex and age band; 3: issue 16, referrals by municipality and service). Cells of another definition cannot be added to, so a change of
 * definition starts a new partition, which `npm run rebuild-projections` fills; the old one is never read.
 */
const OUTCOMES = 'OUTCOMES#3';

/** Sorted by cohort first: a cohort's cells are one range of the partition. */
const outcomeCellSort = (cell: OutcomeCellKey) => `${cell.cohort}#${cell.municipalityId}#${cell.riskLevel}#${cell.sex}#${cell.ageBand}`;

/**
 * Every key string of the table, in one place. docs/data-model.md is the human-readable form of this file.
 * Key attributes are generic (pk/sk/gsi1pk/…) so one table serves every aggregate.
 */
export const keys = {
  child: (childId: string) => ({ pk: `CHILD#${childId}`, sk: 'CHILD' }),
  caseCode: (caseCode: string) => ({ pk: `CASECODE#${caseCode}`, sk: 'CASECODE' }),
  checkpoint: (childId: string, checkpointId: string) => ({ pk: `CHILD#${childId}`, sk: `CHECKPOINT#${checkpointId}` }),
  /** Prefix of a child's checkpoints in the schedule LSI, which sorts them by due date. */
  schedulePrefix: 'CHECKPOINT#',
  scheduleSort: (dueOn: IsoDate, checkpointId: string) => `CHECKPOINT#${dueOn}#${checkpointId}`,

  visit: (childId: string, visitId: string) => ({ pk: `CHILD#${childId}`, sk: `VISIT#${visitId}` }),
  /** Prefix of a child's visits in the `byDate` LSI, which sorts them by visit date. */
  visitDatePrefix: 'VISIT#',
  visitDateSort: (visitedOn: IsoDate, visitId: string) => `VISIT#${visitedOn}#${visitId}`,
  /** Sorted by domain, then date, then visit: one query reads a child's whole trajectory in order. */
  assessment: (childId: string, domain: string, assessedOn: IsoDate, visitId: string) => ({
    pk: `CHILD#${childId}`,
    sk: `ASSESSMENT#${domain}#${assessedOn}#${visitId}`,
  }),
  assessmentPrefix: 'ASSESSMENT#',
  flag: (childId: string, subject: string) => ({ pk: `CHILD#${childId}`, sk: `FLAG#${subject}` }),
  flagPrefix: 'FLAG#',
  /**
   * A child partition sorts ASSESSMENT# < CHECKPOINT# < CHILD < FLAG# < OUTCOME < VISIT#: a range from one of
   * the first three up to this bound reads the case's current state in one query, without its visit history.
   */
  caseStateEnd: 'FLAG$',
  flagLocator: (flagId: string) => ({ pk: `FLAG#${flagId}`, sk: 'FLAG' }),
  /** A child's audit trail in a partition of its own, by time: read in order, never mixed with the record. */
  auditOf: (childId: string) => `AUDIT#${childId}`,
  /** Entry ids are ULIDs of the request's time: the trail sorts by time. */
  audit: (childId: string, entryId: string) => ({ pk: `AUDIT#${childId}`, sk: entryId }),
  /** A child's consents in a partition of their own, in the order they were recorded (ULIDs). */
  consentsOf: (childId: string) => `CONSENT#${childId}`,
  consent: (childId: string, consentId: string) => ({ pk: `CONSENT#${childId}`, sk: consentId }),
  /** A child's referrals in its partition (after OUTCOME, before VISIT#): one query lists them, outside the case state. */
  referral: (childId: string, referralId: string) => ({ pk: `CHILD#${childId}`, sk: `REFERRAL#${referralId}` }),
  referralPrefix: 'REFERRAL#',
  /** Finds a referral by its id: `/referrals/{referralId}` names no child. */
  referralLocator: (referralId: string) => ({ pk: `REFERRAL#${referralId}`, sk: 'REFERRAL' }),
  /** Referrals to a municipality's services, on the `byMunicipality` index: pending ones apart from settled ones. */
  referralsOfMunicipality: (municipalityId: string, shelf: ReferralShelf) => `MUNI#${municipalityId}#REFERRALS#${shelf}`,
  referralSort: (requestedAt: string, referralId: string) => `${requestedAt}#${referralId}`,
  /**
   * A child's plan in a partition of its own: the current plan (`PLAN`), every version as written (`VERSION#`, kept
   * so no revision is lost) and the plan's agenda entries (`AGENDA#<slot>`, on the agenda indexes).
   */
  planOf: (childId: string) => `PLAN#${childId}`,
  plan: (childId: string) => ({ pk: `PLAN#${childId}`, sk: 'PLAN' }),
  planVersion: (childId: string, version: number) => ({ pk: `PLAN#${childId}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  planAgendaEntry: (childId: string, slot: number) => ({ pk: `PLAN#${childId}`, sk: `AGENDA#${String(slot).padStart(2, '0')}` }),
  /** The id of a plan entry in the agenda's sort key (`<dueOn>#<id>`): after the date, as a checkpoint id is. */
  planAgendaId: (childId: string, slot: number) => `PLAN.${childId}.${String(slot).padStart(2, '0')}`,
  emergencyGrant: (supervisorId: string, childId: string) => ({ pk: `GRANT#${supervisorId}`, sk: `CHILD#${childId}` }),
  idempotency: (recordKey: string) => ({ pk: `IDEMPOTENCY#${recordKey}`, sk: 'IDEMPOTENCY' }),
  outcomeRow: (childId: string) => ({ pk: `CHILD#${childId}`, sk: 'OUTCOME' }),
  outcomeSnapshots: (asOf: IsoDate) => `${OUTCOMES}#ASOF#${asOf}`,
  outcomeSnapshot: (asOf: IsoDate, cell: OutcomeCellKey) => ({ pk: `${OUTCOMES}#ASOF#${asOf}`, sk: outcomeCellSort(cell) }),
  /** One case worker's reminder of one night: the condition on its key makes it one a night. */
  visitsDueReminder: (caseWorkerId: string, day: IsoDate) => ({ pk: `REMINDER#${caseWorkerId}`, sk: `VISITS_DUE#${day}` }),
  /** Written after a day's cells: the day's figures were kept whole, even when no cohort asked about has a cell. */
  outcomeSnapshotDay: (asOf: IsoDate) => ({ pk: `${OUTCOMES}#ASOF#${asOf}`, sk: 'KEPT' }),
  /** The children of an enrolment quarter, on the `byMunicipality` index: what the export walks through. */
  cohortChildren: (cohort: string) => `COHORT#${cohort}#CHILDREN`,
  /** Every outcome cell in one partition, sorted by cohort: an evaluator's read is one query whatever the data. */
  outcomeCells: OUTCOMES,
  outcomeCell: (cell: OutcomeCellKey) => ({ pk: OUTCOMES, sk: outcomeCellSort(cell) }),

  /**
   * Municipalities, the admin's reference data: every one in a single partition, sorted by id, so the list is one
   * query (never a Scan) and an enrolment or a transfer checks one key inside its own transaction.
   */
  municipalities: 'MUNICIPALITIES',
  municipalityPrefix: 'MUNICIPALITY#',
  municipality: (municipalityId: string) => ({ pk: 'MUNICIPALITIES', sk: `MUNICIPALITY#${municipalityId}` }),

  caseloadOfWorker: (caseWorkerId: string, status: string) => `WORKER#${caseWorkerId}#CHILDREN#${status}`,
  caseloadOfOrganisation: (organisationId: string, status: string) => `ORG#${organisationId}#CHILDREN#${status}`,
  agendaOfWorker: (caseWorkerId: string) => `WORKER#${caseWorkerId}#AGENDA`,
  agendaOfOrganisation: (organisationId: string) => `ORG#${organisationId}#AGENDA`,
  agendaSort: (dueOn: IsoDate, checkpointId: string) => `${dueOn}#${checkpointId}`,

  /** Flag lists: `active` (open or acknowledged) apart from `resolved`, so an inbox never wades through history. */
  flagsOfWorker: (caseWorkerId: string, shelf: FlagShelf) => `WORKER#${caseWorkerId}#FLAGS#${shelf}`,
  flagsOfOrganisation: (organisationId: string, shelf: FlagShelf) => `ORG#${organisationId}#FLAGS#${shelf}`,
  flagsOfMunicipality: (municipalityId: string, shelf: FlagShelf) => `MUNI#${municipalityId}#FLAGS#${shelf}`,
  flagSort: (raisedAt: string, flagId: string) => `${raisedAt}#${flagId}`,

  /** The sweep's partitions of the `byDeadline` index, one per shard. */
  dueCheckpoints: (shard: number) => `SWEEP#CHECKPOINTS#${shard}`,
  dueCheckpointSort: (graceEndsOn: IsoDate, childId: string, checkpointId: string) => `${graceEndsOn}#${childId}#${checkpointId}`,
  unacknowledgedFlags: (shard: number) => `SWEEP#FLAGS#${shard}`,
  unacknowledgedFlagSort: (raisedAt: string, childId: string, subject: string) => `${raisedAt}#${childId}#${subject}`,
  /** Pending referrals not yet flagged overdue, by due day (sparse): the sweep reads those past due. */
  dueReferrals: (shard: number) => `SWEEP#REFERRALS#${shard}`,
  dueReferralSort: (dueBy: IsoDate, childId: string, referralId: string) => `${dueBy}#${childId}#${referralId}`,
  /** Outcome rows by the day a level goes stale: the children whose figures change with time alone tonight. */
  staleOutcomes: (shard: number) => `SWEEP#OUTCOMES#${shard}`,
  staleOutcomeSort: (staleOn: IsoDate, childId: string) => `${staleOn}#${childId}`,
} as const;

/**
 * The index and partition that hold a caseload scope's list: a case worker's on `byCaseWorker`, an
 * organisation's on `byOrganisation`.
 */
export function scopedPartition(scope: CaseloadScope, list: { children: string } | 'agenda') {
  return scope.by === 'caseWorker'
    ? ({
        index: 'byCaseWorker',
        attribute: 'gsi1pk',
        partition:
          list === 'agenda' ? keys.agendaOfWorker(scope.caseWorkerId) : keys.caseloadOfWorker(scope.caseWorkerId, list.children),
      } as const)
    : ({
        index: 'byOrganisation',
        attribute: 'gsi2pk',
        partition:
          list === 'agenda'
            ? keys.agendaOfOrganisation(scope.organisationId)
            : keys.caseloadOfOrganisation(scope.organisationId, list.children),
      } as const);
}
