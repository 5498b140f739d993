import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { mapWithConcurrency } from '../concurrency';
import { anonymise, exportRow, type ExportSubject } from '../domain/deidentified-export';
import type { OutcomeFilter } from '../domain/outcomes';
import type { Db } from './db';
import { keys } from './keys';
import { outcomeCells } from './outcomes';

export interface ExportTrailer {
  trailer: true;
  k: number;
  rows: number;
  childrenExported: number;
  childrenGeneralised: number;
  childrenDropped: number;
  rowsGeneralised: number;
  rowsDropped: number;
}

async function subjectsOf(db: Db, filter: OutcomeFilter): Promise<ExportSubject[]> {
  const cohorts = [...new Set((await outcomeCells(db, filter.cohort)).map((cell) => cell.cohort))];
  const pages = await Promise.all(
    cohorts.map(async (cohort) => {
      const { Items = [] } = await db.table
        .build(QueryCommand)
        .query({ index: 'byMunicipality', partition: keys.cohortChildren(cohort) })
        .entities(db.outcomeRows)
        .options({ maxPages: Infinity })
        .send();
      return Items;
    }),
  );
  return pages
    .flat()
    .filter((row) => (!filter.municipalityId || row.municipalityId === filter.municipalityId) && (!filter.riskLevel || row.riskLevel === filter.riskLevel))
    .map((row) => ({
      childId: row.childId,
      cohort: row.cohort,
      ageBand: row.ageBand as ExportSubject['ageBand'],
      sex: row.sex,
      municipalityId: row.municipalityId,
      enrolledOn: row.enrolledOn,
    }))
    .sort((a, b) => a.childId.localeCompare(b.childId));
}

async function visitsOf(db: Db, childId: string) {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ index: 'byDate', partition: keys.child(childId).pk, range: { beginsWith: keys.visitDatePrefix } })
    .entities(db.visits)
    .options({ maxPages: Infinity, attributes: ['visitedOn', 'contactType', 'assessments'] })
    .send();
  return Items;
}

/**
 * The de-identified export as NDJSON lines: one per child-visit of the children that k-anonymity lets out,
 * then a trailer saying how many rows were generalised or dropped. Children come from the outcome projection's
 * cohort lists (never a Scan); visits are read child by child.
 */
export async function exportLines(db: Db, filter: OutcomeFilter, secret: string, k: number): Promise<string[]> {
  const subjects = await subjectsOf(db, filter);
  const { kept, childrenGeneralised, childrenDropped } = anonymise(subjects, k);
  const perChild = await mapWithConcurrency(subjects, 10, async (subject) => ({
    subject,
    municipalityId: kept.get(subject.childId),
    visits: await visitsOf(db, subject.childId),
  }));
  const lines: string[] = [];
  const trailer: ExportTrailer = {
    trailer: true,
    k,
    rows: 0,
    childrenExported: kept.size,
    childrenGeneralised,
    childrenDropped,
    rowsGeneralised: 0,
    rowsDropped: 0,
  };
  for (const { subject, municipalityId, visits } of perChild) {
    if (municipalityId === undefined) {
      trailer.rowsDropped += visits.length;
      continue;
    }
    if (municipalityId !== subject.municipalityId) trailer.rowsGeneralised += visits.length;
    for (const visit of visits) lines.push(JSON.stringify(exportRow(subject, municipalityId, visit, secret)));
  }
  trailer.rows = lines.length;
  lines.push(JSON.stringify(trailer));
  return lines;
}
