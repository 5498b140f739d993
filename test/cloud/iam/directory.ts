import { arnOf, physicalNameOf, resolveString } from './intrinsics';
import { logicalIdsOfType, type AwsTarget, type CfnTemplate, type DeploymentTarget } from './template';

/**
 * What turning an SDK call into IAM requests needs to know about the deployed resources, beyond what the call
 * names: ARNs, key attributes and customer-managed keys. `directoryOf` reads it from a template; a test may
 * hand-write one.
 */
export interface ResourceDirectory {
  /** The ARN of the table with that name; throws for a table the directory does not know. */
  tableArnOf(tableName: string): string;
  /** The partition key attribute of the table, or of one of its indexes. */
  partitionKeyOf(tableName: string, indexName?: string): string;
  /** The customer-managed key a table is encrypted with; undefined for an AWS owned or AWS managed key. */
  tableKeyArnOf(tableName: string): string | undefined;
  /** The ARN of a secret named by name or ARN (what GetSecretValue's SecretId accepts). */
  secretArnOf(secretId: string): string;
  secretKeyArnOf(secretArn: string): string | undefined;
  queueKeyArnOf(queueArn: string): string | undefined;
  topicKeyArnOf(topicArn: string): string | undefined;
}

interface TableFacts {
  arn: string;
  partitionKey: string;
  indexPartitionKeys: Map<string, string>;
  keyArn: string | undefined;
}

/** The directory of the resources a template deploys to `target`. */
export function directoryOf(template: CfnTemplate, target: DeploymentTarget): ResourceDirectory {
  const property = (logicalId: string, name: string): string | undefined => {
    const value = template.Resources[logicalId]?.Properties?.[name];
    return value === undefined ? undefined : resolveString(value, template, target, `$.Resources.${logicalId}.Properties.${name}`);
  };

  const tables = new Map<string, TableFacts>();
  for (const logicalId of logicalIdsOfType(template, 'AWS::DynamoDB::Table')) {
    const properties = template.Resources[logicalId]?.Properties ?? {};
    const sse = properties.SSESpecification as { KMSMasterKeyId?: unknown } | undefined;
    const indexes = [properties.GlobalSecondaryIndexes, properties.LocalSecondaryIndexes].flatMap((list) =>
      Array.isArray(list) ? (list as Array<{ IndexName: string; KeySchema: KeySchema }>) : [],
    );
    tables.set(physicalNameOf(logicalId, template, target), {
      arn: arnOf(logicalId, template, target),
      partitionKey: hashKeyOf(properties.KeySchema as KeySchema, logicalId),
      indexPartitionKeys: new Map(indexes.map((index) => [index.IndexName, hashKeyOf(index.KeySchema, `${logicalId}/${index.IndexName}`)])),
      keyArn:
        sse?.KMSMasterKeyId === undefined
          ? undefined
          : customerKeyArn(
              resolveString(sse.KMSMasterKeyId, template, target, `$.Resources.${logicalId}.Properties.SSESpecification`),
              target,
            ),
    });
  }
  const tableOf = (tableName: string): TableFacts => {
    const table = tables.get(tableName);
    if (!table) throw new Error(`No table named ${tableName} in the template (known: ${[...tables.keys()].join(', ')})`);
    return table;
  };

  /** ARN → customer-managed key, for the types whose key property is a plain string property. */
  const keysByArn = (type: string, keyProperty: string): Map<string, string | undefined> =>
    new Map(
      logicalIdsOfType(template, type).map((logicalId) => {
        const key = property(logicalId, keyProperty);
        return [arnOf(logicalId, template, target), key === undefined ? undefined : customerKeyArn(key, target)];
      }),
    );
  const secretKeys = keysByArn('AWS::SecretsManager::Secret', 'KmsKeyId');
  const queueKeys = keysByArn('AWS::SQS::Queue', 'KmsMasterKeyId');
  const topicKeys = keysByArn('AWS::SNS::Topic', 'KmsMasterKeyId');

  return {
    tableArnOf: (tableName) => tableOf(tableName).arn,
    partitionKeyOf(tableName, indexName) {
      const table = tableOf(tableName);
      if (indexName === undefined) return table.partitionKey;
      const key = table.indexPartitionKeys.get(indexName);
      if (!key) throw new Error(`Table ${tableName} has no index ${indexName}`);
      return key;
    },
    tableKeyArnOf: (tableName) => tableOf(tableName).keyArn,
    secretArnOf(secretId) {
      // SecretId is the full ARN or the name (the ARN without its random six-character suffix).
      const secretArn = [...secretKeys.keys()].find(
        (arn) => arn === secretId || arn.replace(/-[A-Za-z0-9]{6}$/, '').endsWith(`:secret:${secretId}`),
      );
      if (!secretArn) throw new Error(`No secret ${secretId} in the template`);
      return secretArn;
    },
    secretKeyArnOf: (secretArn) => secretKeys.get(secretArn),
    queueKeyArnOf: (queueArn) => queueKeys.get(queueArn),
    topicKeyArnOf: (topicArn) => topicKeys.get(topicArn),
  };
}

type KeySchema = Array<{ AttributeName: string; KeyType: string }>;

function hashKeyOf(keySchema: KeySchema | undefined, what: string): string {
  const hash = keySchema?.find((element) => element.KeyType === 'HASH');
  if (!hash) throw new Error(`${what} has no HASH key in its KeySchema`);
  return hash.AttributeName;
}

/**
 * The ARN of a customer-managed key named by ARN or key id; undefined for an AWS managed key (`alias/aws/...`),
 * whose key policy lets every principal of the account use it through the service.
 */
export function customerKeyArn(key: string, target: AwsTarget): string | undefined {
  if (key.startsWith('arn:') && !key.includes(':alias/')) return key;
  if (key.startsWith('alias/aws/') || key.includes(':alias/aws/')) return undefined;
  if (/^[0-9a-f-]{36}$/.test(key)) return `arn:${target.partition}:kms:${target.region}:${target.accountId}:key/${key}`;
  // A customer alias would need the alias → key mapping of AWS::KMS::Alias; none is used today.
  throw new Error(`Cannot tell which key ${key} is`);
}
