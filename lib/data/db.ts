import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table } from 'dynamodb-toolbox/table';
import { auditEntity } from './entities/audit';
import { caseCodeEntity } from './entities/case-code';
import { consentEntity } from './entities/consent';
import { emergencyGrantEntity } from './entities/emergency-grant';
import { checkpointEntity } from './entities/checkpoint';
import { childEntity } from './entities/child';
import { flagEntity, flagLocatorEntity } from './entities/flag';
import { idempotencyEntity } from './entities/idempotency';
import { municipalityEntity } from './entities/municipality';
import { planAgendaEntryEntity, planEntity, planVersionEntity } from './entities/plan';
import { visitsDueReminderEntity } from './entities/reminder';
import { outcomeCellEntity, outcomeRowEntity, outcomeSnapshotDayEntity, outcomeSnapshotEntity } from './entities/outcome';
import { referralEntity, referralLocatorEntity } from './entities/referral';
import { assessmentEntity, visitEntity } from './entities/visit';
import { TABLE_DESIGN } from './table-design';

function recordsTable(documentClient: DynamoDBDocumentClient, name: string) {
  const [byCaseWorker, byOrganisation, byDeadline, byMunicipality] = TABLE_DESIGN.globalIndexes;
  const [byDate] = TABLE_DESIGN.localIndexes;
  return new Table({
    documentClient,
    name,
    partitionKey: { name: TABLE_DESIGN.partitionKey, type: 'string' },
    sortKey: { name: TABLE_DESIGN.sortKey, type: 'string' },
    indexes: {
      [byCaseWorker.name]: {
        type: 'global',
        partitionKey: { name: byCaseWorker.partitionKey, type: 'string' },
        sortKey: { name: byCaseWorker.sortKey, type: 'string' },
      },
      [byOrganisation.name]: {
        type: 'global',
        partitionKey: { name: byOrganisation.partitionKey, type: 'string' },
        sortKey: { name: byOrganisation.sortKey, type: 'string' },
      },
      [byDeadline.name]: {
        type: 'global',
        partitionKey: { name: byDeadline.partitionKey, type: 'string' },
        sortKey: { name: byDeadline.sortKey, type: 'string' },
      },
      [byMunicipality.name]: {
        type: 'global',
        partitionKey: { name: byMunicipality.partitionKey, type: 'string' },
        sortKey: { name: byMunicipality.sortKey, type: 'string' },
      },
      [byDate.name]: { type: 'local', sortKey: { name: byDate.sortKey, type: 'string' } },
    },
  });
}

export type RecordsTable = ReturnType<typeof recordsTable>;

export function createDb(documentClient: DynamoDBDocumentClient, tableName: string) {
  const table = recordsTable(documentClient, tableName);
  return {
    table,
    children: childEntity(table),
    checkpoints: checkpointEntity(table),
    caseCodes: caseCodeEntity(table),
    visits: visitEntity(table),
    assessments: assessmentEntity(table),
    flags: flagEntity(table),
    flagLocators: flagLocatorEntity(table),
    idempotencyRecords: idempotencyEntity(table),
    outcomeRows: outcomeRowEntity(table),
    outcomeCells: outcomeCellEntity(table),
    outcomeSnapshots: outcomeSnapshotEntity(table),
    outcomeSnapshotDays: outcomeSnapshotDayEntity(table),
    visitsDueReminders: visitsDueReminderEntity(table),
    auditRecords: auditEntity(table),
    emergencyGrants: emergencyGrantEntity(table),
    consents: consentEntity(table),
    referrals: referralEntity(table),
    referralLocators: referralLocatorEntity(table),
    plans: planEntity(table),
    planVersions: planVersionEntity(table),
    planAgendaEntries: planAgendaEntryEntity(table),
    municipalities: municipalityEntity(table),
  };
}

export type Db = ReturnType<typeof createDb>;
