import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { mapWithConcurrency } from '../concurrency';
import { release, type DisclosureRules, type Figure } from '../domain/disclosure/cell-key';
import { anonymise, exportRow, referralExportRow, type ExportSubject } from '../domain/deidentified-export';
import type { OutcomeFilter } from '../domain/outcome-query';
import type { Db } from './db';
import { keys } from './keys';
import { outcomeCells } from './outcomes';
import { listChildReferrals } from './referrals';

/** The trailer's counts are released like the outcome tables' (perturbed by cell key, none from 1 to k−1 shown). */
export interface ExportTrailer {
  trailer: true;
  k: number;
  /** Every data line: visit rows and referral rows. */
  rows: Figure;
  /** Of those, referral rows. */
  referralRows: Figure;
  childrenExported: Figure;
  childrenGeneralised: Figure;
  childrenDropped: Figure;
  rowsGeneralised: Figure;
  rowsDropped: Figure;
}

type Subject = ExportSubject & { riskLevel: string; recordKey: number };

/** Every child of the cohort(s) asked for, whatever the other filters: k-anonymity is decided on all of them. */
async function subjectsOf(db: Db, cohort: string | undefined): Promise<Subject[]> {
  const cohorts = [...new Set((await outcomeCells(db, cohort)).map((cell) => cell.cohort))];
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
    .map((row) => ({
      childId: row.childId,
      cohort: row.cohort,
      ageBand: row.ageBand as ExportSubject['ageBand'],
      sex: row.sex,
      municipalityId: row.municipalityId,
      enrolledOn: row.enrolledOn,
      riskLevel: row.riskLevel,
      recordKey: row.recordKey,
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

/** A count of the trailer: its children's record keys, weighted by what each adds, give its cell key. */
class TrailerCount {
  count = 0;
  keySum = 0;

  add(subject: Subject, times = 1) {
    this.count += times;
    this.keySum += subject.recordKey * times;
  }

  released(rules: DisclosureRules): Figure {
    return release(this.count, this.keySum, rules);
  }
}

/**
 * The de-identified export as NDJSON lines: one per child-visit (`row: "visit"`) and one per referral
 * (`row: "referral"`) of the children that k-anonymity lets out, then a trailer saying how many rows were generalised or dropped. k-anonymity is decided on the whole cohort,
 * whatever the filter, and a municipality filter selects the rows exported under that municipality: a child
 * generalised to `other` is never in a municipality's export, so comparing exports cannot place it. Children
 * come from the outcome projection's cohort lists (never a Scan); visits and referrals are read child by child.
 */
export async function exportLines(db: Db, filter: OutcomeFilter, secret: string, exportK: number, rules: DisclosureRules): Promise<string[]> {
  const population = await subjectsOf(db, filter.cohort);
  const { kept } = anonymise(population, exportK);
  const chosen = population.filter(
    (s) => (!filter.municipalityId || s.municipalityId === filter.municipalityId) && (!filter.riskLevel || s.riskLevel === filter.riskLevel),
  );
  const perChild = await mapWithConcurrency(chosen, 10, async (subject) => {
    const [visits, referrals] = await Promise.all([visitsOf(db, subject.childId), listChildReferrals(db, subject.childId)]);
    return { subject, municipalityId: kept.get(subject.childId), visits, referrals };
  });
  const lines: string[] = [];
  const counts = {
    rows: new TrailerCount(),
    referralRows: new TrailerCount(),
    childrenExported: new TrailerCount(),
    childrenGeneralised: new TrailerCount(),
    childrenDropped: new TrailerCount(),
    rowsGeneralised: new TrailerCount(),
    rowsDropped: new TrailerCount(),
  };
  for (const { subject, municipalityId, visits, referrals } of perChild) {
    const rowCount = visits.length + referrals.length;
    const generalised = municipalityId !== undefined && municipalityId !== subject.municipalityId;
    if (municipalityId === undefined || (generalised && filter.municipalityId)) {
      const [children, rows] = municipalityId === undefined ? [counts.childrenDropped, counts.rowsDropped] : [counts.childrenGeneralised, counts.rowsGeneralised];
      children.add(subject);
      rows.add(subject, rowCount);
      continue;
    }
    if (generalised) {
      counts.childrenGeneralised.add(subject);
      counts.rowsGeneralised.add(subject, rowCount);
    }
    counts.childrenExported.add(subject);
    counts.rows.add(subject, rowCount);
    counts.referralRows.add(subject, referrals.length);
    for (const visit of visits) lines.push(JSON.stringify(exportRow(subject, municipalityId, visit, secret)));
    for (const referral of referrals) lines.push(JSON.stringify(referralExportRow(subject, municipalityId, referral, secret)));
  }
  const trailer: ExportTrailer = {
    trailer: true,
    k: exportK,
    rows: counts.rows.released(rules),
    referralRows: counts.referralRows.released(rules),
    childrenExported: counts.childrenExported.released(rules),
    childrenGeneralised: counts.childrenGeneralised.released(rules),
    childrenDropped: counts.childrenDropped.released(rules),
    rowsGeneralised: counts.rowsGeneralised.released(rules),
    rowsDropped: counts.rowsDropped.released(rules),
  };
  lines.push(JSON.stringify(trailer));
  return lines;
}
