import { CfnElement, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag AwsSolutions-IAM5 suppressions that recur on several execution roles. The construct that makes a grant
 * calls the matching function right after it, on the role that received it. Each names its findings exactly
 * (`appliesTo`), so any other wildcard that appears in the same policy later is still reported.
 */

/** The logical id of a construct's CloudFormation resource, as cdk-nag writes it in findings (`<Id.Arn>`). */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(resource)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).resolve(resource.logicalId) as string;
}

/** cdk-nag's name for the `<table ARN>/index/*` resource that DynamoDB's table grants add for a table with indexes. */
export const tableIndexesFinding = (table: ITable): string => `Resource::<${logicalIdOf(table)}.Arn>/index/*`;

/** After `table.grantReadData` or `table.grantReadWriteData`: the grant covers the table's indexes too. */
export function suppressTableIndexWildcard(role: IConstruct, table: ITable): void {
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "The access patterns query the table's global and local secondary indexes (lib/data/table-design.ts), so " +
          'the table grant includes <table ARN>/index/*. The wildcard matches only the indexes of this one table, ' +
          'which hold the same items the role may already read on the table itself: no other table, no other action.',
        appliesTo: [tableIndexesFinding(table)],
      },
    ],
    true,
  );
}

/** Both KMS actions with a wildcard in CDK's encrypt grants on a key. */
export const KMS_ENCRYPT_WILDCARDS = ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'] as const;

/**
 * After a grant that lets `role` write through the customer-managed key: table writes (`grantReadWriteData`,
 * the audit-record grant) or sends to an encrypted queue. `findings` are the ones the grants bring.
 */
export function suppressKeyEncryptWildcards(
  role: IConstruct,
  findings: readonly (typeof KMS_ENCRYPT_WILDCARDS)[number][] = KMS_ENCRYPT_WILDCARDS,
): void {
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Writing through the customer-managed key (DynamoDB items, SQS messages) needs data keys: the resource is ' +
          'that one key ARN, never *. kms:GenerateDataKey* covers only GenerateDataKey and its WithoutPlaintext and ' +
          'Pair variants, kms:ReEncrypt* only ReEncryptFrom and ReEncryptTo; these are the actions DynamoDB and SQS ' +
          'document for server-side encryption with a customer-managed key.',
        appliesTo: [...findings],
      },
    ],
    true,
  );
}

/** After a DynamoDB event source is added to the function whose role this is. */
export function suppressStreamListing(role: IConstruct): void {
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Resource * carries only dynamodb:ListStreams, which the DynamoDB event source grants on * because the ' +
          "call lists the account's stream ARNs rather than acting on one stream; it returns ARNs, never records. " +
          "Reading records (DescribeStream, GetRecords, GetShardIterator) is granted on this table's stream ARN only.",
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
}
