import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { AGE_BANDS } from '../../domain/age-bands';
import { SEXES } from '../../domain/case';
import { RISK_LEVELS } from '../../domain/schedule';
import { keys } from '../keys';
import type { RecordsTable } from '../db';

// Contributions and their key sums are maps of counts built by lib/domain/outcome-contribution.ts and only ever written from there.

/**
 * Such a map, read as DynamoDB gave it: the toolbox deep-copies an `any()` value it formats unless a transform decodes
 * it, and the item it copies from is the SDK's fresh answer, never used again. A report reads every cell of a
 * cohort, each refresh a row and its cells: the copies were a twentieth of the intruder test's Node CPU (issue 18).
 */
const counts = () => any().transform({ encode: (value: unknown) => value, decode: (value: unknown) => value });

/** What one child adds to the outcome tables now, so a change can take exactly that back out. */
export const outcomeRowEntity = (table: RecordsTable) =>
  new Entity({
    name: 'OutcomeRow',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      cohort: string(),
      municipalityId: string(),
      riskLevel: string().enum(...RISK_LEVELS),
      sex: string().enum(...SEXES),
      ageBand: string().enum(...AGE_BANDS),
      enrolledOn: string(),
      recordKey: number(),
      contribution: counts(),
      /** The day the contribution changes with time alone (a level goes stale); absent when it never will. */
      staleOn: string().optional(),
      version: number(),
      gsi3pk: string().optional().hidden(),
      gsi3sk: string().optional().hidden(),
      gsi4pk: string().optional().hidden(),
      gsi4sk: string().optional().hidden(),
    }),
    computeKey: ({ childId }) => keys.outcomeRow(childId),
  });

/** The tally of the children of one (cohort, municipality, risk level, sex, age band): their contributions and key sums. */
export const outcomeCellEntity = (table: RecordsTable) =>
  new Entity({
    name: 'OutcomeCell',
    table,
    timestamps: false,
    schema: item({
      cohort: string().key(),
      municipalityId: string().key(),
      riskLevel: string().enum(...RISK_LEVELS).key(),
      sex: string().enum(...SEXES).key(),
      ageBand: string().enum(...AGE_BANDS).key(),
      contribution: counts(),
      keys: counts(),
      version: number(),
    }),
    computeKey: (cell) => keys.outcomeCell(cell),
  });

/** A cell as it stood when the nightly sweep ran on `asOf`: what `?asOf=` reads for a past date. */
export const outcomeSnapshotEntity = (table: RecordsTable) =>
  new Entity({
    name: 'OutcomeSnapshot',
    table,
    timestamps: false,
    schema: item({
      asOf: string().key(),
      cohort: string().key(),
      municipalityId: string().key(),
      riskLevel: string().enum(...RISK_LEVELS).key(),
      sex: string().enum(...SEXES).key(),
      ageBand: string().enum(...AGE_BANDS).key(),
      contribution: counts(),
      keys: counts(),
    }),
    computeKey: ({ asOf, ...cell }) => keys.outcomeSnapshot(asOf, cell),
  });

/** The mark that a day's snapshot is complete. */
export const outcomeSnapshotDayEntity = (table: RecordsTable) =>
  new Entity({
    name: 'OutcomeSnapshotDay',
    table,
    timestamps: false,
    schema: item({
      asOf: string().key(),
      cells: number(),
    }),
    computeKey: ({ asOf }) => keys.outcomeSnapshotDay(asOf),
  });
