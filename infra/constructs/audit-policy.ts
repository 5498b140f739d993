import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/** Audit records live in partitions `AUDIT#<childId>` (lib/data/keys.ts). */
const AUDIT_PARTITIONS = ['AUDIT#*'];

/** May put audit records, and only audit records (each on the condition that it is new: lib/data/audit.ts). */
export function grantAuditWrites(fn: IFunction, table: ITable): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': AUDIT_PARTITIONS } },
    }),
  );
  table.encryptionKey?.grant(fn, 'kms:GenerateDataKey');
}

/** Nobody changes or deletes an audit record, whatever else a function may do; nor batch-writes one (a batch may delete). */
export function denyAuditChanges(fn: IFunction, table: ITable): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': AUDIT_PARTITIONS } },
    }),
  );
}
