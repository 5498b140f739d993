import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { sendQuery } from './formatted-query';
import { canonicalJson } from '../canonical-json';
import { mapWithConcurrency } from '../concurrency';
import { ageBand } from '../domain/age-bands';
import type { Child } from '../domain/case';
import type { CaseState } from '../domain/visit-plan';
import type { Referral } from '../domain/referrals';
import type { IsoDate } from '../domain/dates';
import type { DisclosureRules } from '../domain/disclosure/cell-key';
import { outcomeReport, type OutcomeReport } from '../domain/disclosure/released-figures';
import { contributionOf, nextStaleOn, type Freshness, type PlanOfOutcome } from '../domain/outcome-contribution';
import { asOfViolations, filterViolations, cohortQuarter, type CellKey, type OutcomeFilter } from '../domain/outcome-query';
import { addTally, emptyTally, tallyOf, type Contribution, type Tally } from '../domain/outcomes';
import { InvalidInput } from '../domain/errors';
import { municipalityIds } from './municipalities';
import { findPlan } from './plans';
import { listChildReferrals } from './referrals';
import { findCaseSnapshot } from './visits';
import type { Db } from './db';
import { keys, shardOf } from './keys';
import { lostRace } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

export type OutcomeCell = CellKey & Tally;

export const cellOf = (child: Pick<Child, 'enrolledOn' | 'municipalityId' | 'riskLevel' | 'sex' | 'birthDate'>): CellKey => ({
  cohort: cohortQuarter(child.enrolledOn),
  municipalityId: child.municipalityId,
  riskLevel: child.riskLevel,
  sex: child.sex,
  ageBand: ageBand(child.birthDate, child.enrolledOn),
});

/**
 * A child's row of the projection: its cell (which also holds what the export may say of it: sex and age band), its
 * enrolment day, its record key, its contribution on the day it was computed, and the day that contribution changes
 * with time alone.
 */
export interface OutcomeRow {
  cell: CellKey;
  enrolledOn: IsoDate;
  recordKey: number;
  contribution: Contribution;
  staleOn?: IsoDate;
}

export function outcomeRowOf(
  { child, checkpoints, flags, points, referrals = [], plan }: CaseState & { referrals?: readonly Referral[]; plan?: PlanOfOutcome | undefined },
  at: Freshness,
): OutcomeRow {
  const staleOn = nextStaleOn(child, at, referrals, plan);
  return {
    cell: cellOf(child),
    enrolledOn: child.enrolledOn,
    recordKey: child.recordKey,
    contribution: contributionOf(child, checkpoints, flags, points, at, referrals, plan),
    ...(staleOn ? { staleOn } : {}),
  };
}

export const rowTally = (row: OutcomeRow): Tally => tallyOf(row.contribution, row.recordKey);

type StoredRow = FormattedItem<Db['outcomeRows']>;

export function storedRow(row: StoredRow): OutcomeRow {
  return {
    cell: { cohort: row.cohort, municipalityId: row.municipalityId, riskLevel: row.riskLevel, sex: row.sex, ageBand: row.ageBand },
    enrolledOn: row.enrolledOn,
    recordKey: row.recordKey,
    contribution: row.contribution as Contribution,
    ...(row.staleOn ? { staleOn: row.staleOn } : {}),
  };
}

/**
 * The stored row; listed under its cohort (on the `byMunicipality` index) for the export, and, while a level of it
 * is fresh, under the day it goes stale (on the sweep's `byDeadline` index).
 */
export function rowItem(childId: string, row: OutcomeRow, version: number) {
  return {
    childId,
    ...row.cell,
    enrolledOn: row.enrolledOn,
    recordKey: row.recordKey,
    contribution: row.contribution,
    version,
    gsi4pk: keys.cohortChildren(row.cell.cohort),
    gsi4sk: childId,
    ...(row.staleOn
      ? { staleOn: row.staleOn, gsi3pk: keys.staleOutcomes(shardOf(childId)), gsi3sk: keys.staleOutcomeSort(row.staleOn, childId) }
      : {}),
  };
}

/** The identity of a cell, as a map key. */
export const cellId = (cell: CellKey) => JSON.stringify([cell.cohort, cell.municipalityId, cell.riskLevel, cell.sex, cell.ageBand]);

export async function readCell(db: Db, key: CellKey): Promise<Tally & { version: number }> {
  const { Item } = await db.outcomeCells.build(GetItemCommand).key(key).options({ consistent: true }).send();
  return { ...(Item ? storedTally(Item) : emptyTally()), version: Item?.version ?? 0 };
}

const storedTally = (item: { contribution: unknown; keys: unknown }): Tally => ({
  contribution: item.contribution as Contribution,
  keys: item.keys as Contribution,
});

/**
 * Every child of a cell shares its item, and each refresh must win the cell's version: when the sweep (16 children
 * at once) and the stream consumers refresh children of one cell together, each round of the race lets one writer
 * through. A pause of random length before the next attempt (exponential, with full jitter: AWS's advice for
 * optimistic locking) spreads the others out, and the attempts outlast a crowd of the sweep's size.
 */
const ATTEMPTS = 12;
const MAX_PAUSE_MS = 400;
const pauseBeforeAttempt = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_PAUSE_MS, 10 * 2 ** attempt)));

/**
 * Brings one child's share of the outcome tables up to date with its records: its contribution is computed
 * again from the child, its checkpoints, its flags and its referrals, and its cell (or cells, when it moved) change by the
 * difference, in one transaction guarded by versions. Idempotent: a repeated or stale stream record changes
 * nothing, so redelivery is harmless.
 */
export async function refreshOutcome(db: Db, childId: string, at: Freshness): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const [{ child, ...records }, { Item: row }, referrals, plan] = await Promise.all([
      findCaseSnapshot(db, childId),
      db.outcomeRows.build(GetItemCommand).key({ childId }).options({ consistent: true }).send(),
      listChildReferrals(db, childId),
      findPlan(db, childId),
    ]);
    const before = row && storedRow(row);
    const after = child && outcomeRowOf({ child, ...records, referrals, plan }, at);
    if (canonicalJson(before) === canonicalJson(after)) return;

    const cells = new Map<string, { key: CellKey; delta: Tally }>();
    const move = (cell: CellKey, delta: Tally) => {
      const id = cellId(cell);
      const current = cells.get(id);
      cells.set(id, { key: cell, delta: current ? addTally(current.delta, delta) : delta });
    };
    if (before) move(before.cell, addTally(emptyTally(), rowTally(before), -1));
    if (after) move(after.cell, rowTally(after));

    const read = await Promise.all([...cells.values()].map(async (c) => ({ ...c, ...(await readCell(db, c.key)) })));
    const rowVersion = row?.version ?? 0;
    const writes = [
      after
        ? db.outcomeRows
            .build(ParsedPutTransaction)
            .item(rowItem(childId, after, rowVersion + 1))
            .options({ condition: row ? { attr: 'version', eq: rowVersion } : { attr: 'childId', exists: false } })
        : db.outcomeRows.build(DeleteTransaction).key({ childId }).options({ condition: { attr: 'version', eq: rowVersion } }),
      ...read.map(({ key, delta, contribution, keys: keySums, version }) =>
        db.outcomeCells
          .build(ParsedPutTransaction)
          .item({ ...key, ...addTally({ contribution, keys: keySums }, delta), version: version + 1 })
          .options({ condition: version === 0 ? { attr: 'cohort', exists: false } : { attr: 'version', eq: version } }),
      ),
    ];
    try {
      await executeTransactWrite(...writes);
      return;
    } catch (error) {
      if (!lostRace(error) || attempt === ATTEMPTS) throw error;
      await pauseBeforeAttempt(attempt);
    }
  }
}

const toCell = ({ cohort, municipalityId, riskLevel, sex, ageBand, ...tally }: CellKey & { contribution: unknown; keys: unknown }): OutcomeCell => ({
  cohort,
  municipalityId,
  riskLevel,
  sex,
  ageBand,
  ...storedTally(tally),
});

const cohortRange = (cohort: string | undefined) =>
  cohort ? { range: { beginsWith: cohort.includes('-Q') ? `${cohort}#` : `${cohort}-` } } : {};

/** The cells of a cohort (`2024` or `2024-Q3`), or of every cohort: one query, whatever the number of visits. */
export async function outcomeCells(db: Db, cohort: string | undefined): Promise<OutcomeCell[]> {
  const { Items = [] } = await sendQuery(
    db.table
      .build(QueryCommand)
      .query({ partition: keys.outcomeCells, ...cohortRange(cohort) })
      .entities(db.outcomeCells)
      .options({ maxPages: Infinity }),
    { maxPages: Infinity },
  );
  return Items.map(toCell);
}

/**
 * The cells as they stood on a past day (its nightly snapshot), or undefined when none was kept that day. A day
 * whose snapshot predates the day mark still counts as kept when it has cells.
 */
export async function outcomeCellsOn(db: Db, asOf: IsoDate, cohort: string | undefined): Promise<OutcomeCell[] | undefined> {
  const [{ Items = [] }, { Item: kept }] = await Promise.all([
    sendQuery(
      db.table
        .build(QueryCommand)
        .query({ partition: keys.outcomeSnapshots(asOf), ...cohortRange(cohort) })
        .entities(db.outcomeSnapshots)
        .options({ maxPages: Infinity }),
      { maxPages: Infinity },
    ),
    db.outcomeSnapshotDays.build(GetItemCommand).key({ asOf }).send(),
  ]);
  return kept || Items.length > 0 ? Items.map(toCell) : undefined;
}

/**
 * Keeps the cells as the figures of `asOf`, then marks the day kept: the nightly sweep keeps yesterday's closing
 * figures; a rerun rewrites them.
 */
export async function snapshotOutcomes(db: Db, asOf: IsoDate): Promise<number> {
  const cells = await outcomeCells(db, undefined);
  await mapWithConcurrency(cells, 10, (cell) => db.outcomeSnapshots.build(PutItemCommand).item({ asOf, ...cell }).send());
  await db.outcomeSnapshotDays.build(PutItemCommand).item({ asOf, cells: cells.length }).send();
  return cells.length;
}

/**
 * The evaluators' figures for a query: live for today, from the nightly snapshot for a past day (400 when none
 * was kept that day, rather than an answer about another day).
 */
export async function outcomesFor(
  db: Db,
  query: OutcomeFilter & { asOf?: IsoDate | undefined },
  today: IsoDate,
  rules: DisclosureRules,
): Promise<{ asOf: IsoDate; filter: OutcomeFilter; report: OutcomeReport }> {
  const { asOf = today, ...filter } = query;
  const violations = [...filterViolations(filter), ...asOfViolations(asOf, today)];
  if (violations.length > 0) throw new InvalidInput(violations);
  const [cells, municipalities] = await Promise.all([
    asOf === today ? outcomeCells(db, filter.cohort) : outcomeCellsOn(db, asOf, filter.cohort),
    municipalityIds(db),
  ]);
  if (cells === undefined) throw new InvalidInput([{ path: 'query.asOf', message: `no figures were kept for ${asOf}` }]);
  return { asOf, filter, report: outcomeReport(cells, filter, rules, municipalities) };
}
