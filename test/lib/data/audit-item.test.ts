import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { auditItem } from '../../../lib/data/audit';
import { createDb } from '../../../lib/data/db';
import { documentClientFor } from '../../../lib/deps/dynamodb';
import { auditor, type AuditEntry } from '../../../lib/domain/audit';

/** Issue 19: the audit record a read writes is built without the entity's parser, and must be what the entity writes. */
const db = createDb(documentClientFor(new DynamoDBClient({ region: 'eu-central-1' })), 'records');
const audit = auditor({ sub: 'worker-1', role: 'social_worker' }, 'request-1', '2026-06-15T10:00:00.000Z');
const asTheEntityWritesIt = (entry: AuditEntry) => db.auditRecords.build(PutItemCommand).item(entry).params().Item;

describe('the stored form of an audit entry', () => {
  it.each<[string, AuditEntry]>([
    ['a read', audit('child.read', 'child-1')],
    ['a refusal', { ...audit('flag.read', 'child-2'), outcome: 'refused' }],
    ['a break-the-glass grant with its reason', { ...audit('emergency.access', 'child-3'), reason: 'The worker is absent; the child reported danger.' }],
  ])('is the item the audit entity writes, keys and entity name included: %s', (_what, entry) => {
    expect(auditItem(db, entry)).toEqual(asTheEntityWritesIt(entry));
  });

  it('carries nothing the entry does not hold', () => {
    const entry = { ...audit('child.read', 'child-1'), note: 'not an audit field' } as AuditEntry;
    expect(auditItem(db, entry)).not.toHaveProperty('note');
  });
});
