/* eslint-disable no-restricted-syntax -- a rebuild reads every child by definition: the one Scan of the
   product, in a maintenance command, never on a request path or in the sweep. */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ScanCommand } from 'dynamodb-toolbox/table/actions/scan';
import { canonicalJson } from '../canonical-json';
import { mapWithConcurrency } from '../concurrency';
import type { Freshness } from '../domain/outcome-contribution';
import { addTally, emptyTally } from '../domain/outcomes';
import { findPlan } from './plans';
import { listChildReferrals } from './referrals';
import { findCaseSnapshot } from './visits';
import type { Db } from './db';
import { cellId, outcomeCells, outcomeRowOf, readCell, rowItem, rowTally, storedRow, type OutcomeCell } from './outcomes';

export interface RebuildReport {
  children: number;
  cells: number;
  /** Rows and cells whose stored value differed from the rebuilt one (0 when the stream kept up). */
  rowsChanged: number;
  cellsChanged: number;
}

/** Every child id, read with a Scan: a maintenance job's full pass, never a request path or the sweep. */
async function allChildIds(db: Db): Promise<string[]> {
  const ids: string[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table.build(ScanCommand).entities(db.children).options({ attributes: ['childId'], ...(exclusiveStartKey ? { exclusiveStartKey } : {}) }).send();
    ids.push(...(page.Items ?? []).map((item) => item.childId));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return ids;
}

/**
 * Rebuilds the outcome projection from the base records (`npm run rebuild-projections`): every child's
 * contribution computed again, cells summed from them, and whatever the stream consumer stored overwritten.
 * The report says how much differed, so a rebuild doubles as a check of the incremental projection.
 */
export async function rebuildOutcomes(db: Db, at: Freshness): Promise<RebuildReport> {
  const childIds = await allChildIds(db);
  const cells = new Map<string, OutcomeCell>();
  let rowsChanged = 0;
  await mapWithConcurrency(childIds, 10, async (childId) => {
    const [{ child, ...records }, { Item: row }, referrals, plan] = await Promise.all([
      findCaseSnapshot(db, childId),
      db.outcomeRows.build(GetItemCommand).key({ childId }).options({ consistent: true }).send(),
      listChildReferrals(db, childId),
      findPlan(db, childId),
    ]);
    if (!child) return;
    const rebuilt = outcomeRowOf({ child, ...records, referrals, plan }, at);
    const { cell } = rebuilt;
    const id = cellId(cell);
    cells.set(id, { ...cell, ...addTally(cells.get(id) ?? emptyTally(), rowTally(rebuilt)) });
    if (row && canonicalJson(storedRow(row)) === canonicalJson(rebuilt)) return;
    rowsChanged += 1;
    await db.outcomeRows.build(PutItemCommand).item(rowItem(childId, rebuilt, (row?.version ?? 0) + 1)).send();
  });

  const stored = await outcomeCells(db, undefined);
  for (const cell of stored) {
    const id = cellId(cell);
    if (!cells.has(id)) cells.set(id, { ...cell, ...emptyTally() });
  }
  let cellsChanged = 0;
  await mapWithConcurrency([...cells.values()], 10, async (cell) => {
    const { version, ...current } = await readCell(db, cell);
    if (canonicalJson(current) === canonicalJson({ contribution: cell.contribution, keys: cell.keys })) return;
    cellsChanged += 1;
    await db.outcomeCells.build(PutItemCommand).item({ ...cell, version: version + 1 }).send();
  });
  return { children: childIds.length, cells: cells.size, rowsChanged, cellsChanged };
}
