import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PROGRAMME_DEFAULTS } from '../lib/config';
import { createDb } from '../lib/data/db';
import { putMunicipality } from '../lib/data/municipalities';
import { outcomeRowOf, outcomesFor, rowTally } from '../lib/data/outcomes';
import { runSweep } from '../lib/data/sweep';
import { documentClientFor, dynamoClientFor } from '../lib/deps/dynamodb';
import { addDays, type IsoDate } from '../lib/domain/dates';
import { MIN_K } from '../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../lib/domain/disclosure/perturbation-table';
import type { CellKey } from '../lib/domain/outcome-query';
import { addTally, emptyTally, type Tally } from '../lib/domain/outcomes';
import type { RiskLevel } from '../lib/domain/schedule';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ensureTable } from '../local/tables';
import { buildCases, fixedStamp, writeCases, type SeedGroup } from '../test/integration/seed';
import { DynamoMeter } from './meter';
import { median, round1 } from './stats';

export interface GrowthPoint {
  children: number;
  seedSeconds: number;
  sweep: { due: number; missed: number; roundTrips: number; capacityUnits: number; ms: number };
  outcomes: { cells: number; roundTrips: number; capacityUnits: number; ms: number };
}

/** The day the sweep runs: the quiet population's checkpoints all fall after it. */
const TODAY: IsoDate = '2024-01-01';
const FRESH_MONTHS = Number(PROGRAMME_DEFAULTS.OUTCOMES_FRESH_MONTHS);
const MUNICIPALITIES = ['skopje', 'bitola', 'kumanovo', 'prilep', 'tetovo', 'veles', 'ohrid', 'gostivar', 'stip', 'strumica'];
const RISKS: RiskLevel[] = ['low', 'medium', 'high'];
/** Children added before each sweep with exactly one checkpoint past its grace end (low risk, month 1). */
const DUE_PER_STEP = 100;

/**
 * A population spread over 12 cohort quarters (2024–2026), 10 municipalities and 3 risk levels, every child
 * enrolled after TODAY so none of its checkpoints is due to the sweep. The first 360 groups go round the 360
 * outcome cells once; after that the children are low risk (8 checkpoints, the smallest schedule), which
 * keeps a 10^5 seed within minutes on DynamoDB Local.
 */
function quietGroups(count: number, offset: number): SeedGroup[] {
  const groups: SeedGroup[] = [];
  const perGroup = 2;
  const cells = MUNICIPALITIES.length * RISKS.length * 12;
  for (let n = 0; n < count; n += perGroup) {
    const g = Math.floor((offset + n) / perGroup);
    groups.push({
      count: Math.min(perGroup, count - n),
      enrolledOn: addDays('2024-01-02', (Math.floor(g / 30) % 12) * 91 + (g % 7)),
      riskLevel: g < cells ? RISKS[g % RISKS.length]! : 'low',
      municipalityId: MUNICIPALITIES[Math.floor(g / RISKS.length) % MUNICIPALITIES.length]!,
    });
  }
  return groups;
}

/**
 * Sweep and outcomes at growing numbers of children, on one table grown in steps by the bulk loader. The
 * outcome cells are written as the stream projector would leave them (each seeded child's row summed into
 * its cell with the projector's own functions), since the bench's table has no stream.
 */
export async function benchGrowth(scales: readonly number[]): Promise<GrowthPoint[]> {
  const database = await startDynamoDbLocal({ inMemory: true });
  const client = dynamoClientFor({ dynamodbEndpoint: database.endpoint, region: 'eu-central-1' }, { maxAttempts: 6 });
  try {
    const tableName = 'bench-growth';
    await ensureTable(client, tableName, { stream: false });
    const documentClient = documentClientFor(client);
    const db = createDb(documentClient, tableName);
    const table = { db, documentClient, tableName };
    const meter = new DynamoMeter(documentClient);
    const cells = new Map<string, { key: CellKey; tally: Tally }>();
    // The children are written straight to the table, but they live in municipalities the admin keeps, as in production.
    for (const municipalityId of MUNICIPALITIES) await putMunicipality(db, { municipalityId, name: municipalityId });

    const points: GrowthPoint[] = [];
    let seeded = 0;
    for (const scale of scales) {
      const started = performance.now();
      const quiet = buildCases(quietGroups(scale - seeded - DUE_PER_STEP, seeded), { prefix: `Q${scale}`, at: '2024-01-01T08:00:00.000Z' });
      const due = buildCases([{ count: DUE_PER_STEP, enrolledOn: '2023-10-01', riskLevel: 'low', municipalityId: 'skopje' }], {
        prefix: `D${scale}`,
        at: '2023-10-01T08:00:00.000Z',
      });
      const added = [...quiet, ...due];
      await writeCases(table, added, 32);
      for (const { child, checkpoints } of added) {
        const row = outcomeRowOf({ child, checkpoints, flags: [], points: [] }, { asOf: TODAY, freshMonths: FRESH_MONTHS });
        const id = JSON.stringify(row.cell);
        const cell = cells.get(id) ?? { key: row.cell, tally: emptyTally() };
        cells.set(id, { key: row.cell, tally: addTally(cell.tally, rowTally(row)) });
      }
      for (const { key, tally } of cells.values()) {
        await db.outcomeCells.build(PutItemCommand).item({ ...key, ...tally, version: 1 }).send();
      }
      seeded = scale;
      const seedSeconds = Math.round((performance.now() - started) / 100) / 10;

      meter.reset();
      const sweepStarted = performance.now();
      const report = await runSweep(db, {
        today: TODAY,
        now: new Date(`${TODAY}T02:00:00Z`),
        stamp: () => fixedStamp(`${TODAY}T02:00:00.000Z`),
        escalationDays: 14,
        freshMonths: FRESH_MONTHS,
        timeLeft: () => 900_000,
      });
      const sweep = {
        due: DUE_PER_STEP,
        missed: report.missed,
        roundTrips: meter.calls.length,
        capacityUnits: round1(meter.capacityUnits),
        ms: Math.round(performance.now() - sweepStarted),
      };

      const times: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        meter.reset();
        const readStarted = performance.now();
        await outcomesFor(db, {}, TODAY, { k: MIN_K, table: PERTURBATION_TABLES[2] });
        times.push(performance.now() - readStarted);
      }
      // The meter holds the last read; every read is the same query.
      const outcomes = { cells: cells.size, roundTrips: meter.calls.length, capacityUnits: round1(meter.capacityUnits), ms: round1(median(times)) };
      points.push({ children: scale, seedSeconds, sweep, outcomes });
    }
    return points;
  } finally {
    client.destroy();
    await database.stop();
  }
}
