import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../lib/data/table-design';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The one table and the customer-managed key it is encrypted with. Keys and indexes come from TABLE_DESIGN,
 * the same description the local runtime creates DynamoDB Local's table from. Both are retained when the
 * stack is deleted: the records of children outlive any deployment.
 *
 * `Table`, not `TableV2`: TableV2 renders a customer-managed key per replica region and refuses to do so
 * in a region-agnostic stack ("Replica SSE specification cannot be rendered in a region agnostic stack"),
 * and this stack must synthesize with no account and no region.
 */
export class Data extends Construct {
  readonly key: Key;
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the reintegration records table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: stringKey(TABLE_DESIGN.partitionKey),
      sortKey: stringKey(TABLE_DESIGN.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of TABLE_DESIGN.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    for (const index of TABLE_DESIGN.localIndexes) {
      this.table.addLocalSecondaryIndex({
        indexName: index.name,
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
