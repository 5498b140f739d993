/**
 * Permissions the stack grants that no call of the cloud tier exercised, each with why it stays (docs/decisions.md,
 * "Permissions granted and not exercised"). The least-privilege test fails on an unused permission that matches
 * none of these: a new grant is used, justified here, or removed.
 */
export interface UnusedPermission {
  /** Matches `<function description>: <action> on <resource ARN>`. */
  pattern: RegExp;
  reason: string;
}

const TABLE = String.raw`arn:aws:dynamodb:[^:]+:\d+:table/[^/]+`;

export const documentedUnusedPermissions: readonly UnusedPermission[] = [
  {
    pattern: /: logs:(CreateLogStream|PutLogEvents) on arn:aws:logs:[^ ]+:log-group:[^ ]+:\*$/,
    reason: "The Lambda service writes the function's logs with its role; no SDK call of the code makes them.",
  },
  {
    pattern: new RegExp(`: dynamodb:(GetItem|BatchGetItem|Query|PutItem|DeleteItem|ConditionCheckItem) on ${TABLE}$`),
    reason:
      'The table is granted by access level (read; read and audit; read and write: TABLE_ACTIONS in ' +
      'infra/constructs/product-function.ts), not per route: a route that happens not to use one of its level’s ' +
      'actions in this run keeps it, because an action granted per observed call breaks the first rare path.',
  },
  {
    pattern: new RegExp(`: dynamodb:Query on ${TABLE}/index/\\*$`),
    reason: 'Query on any index of the one table is part of the read level (the indexes hold the same items).',
  },
  {
    pattern: new RegExp(`^GET [^:]+: (dynamodb:PutItem on ${TABLE}|kms:GenerateDataKey on arn:aws:kms:[^ ]+)$`),
    reason:
      'A reading route may put audit records (AUDIT#* leading keys only) as part of the read level; the routes ' +
      'that read no child record (outcomes, the audit trail itself) and a read refused before its audit write none.',
  },
  {
    pattern: /^Table stream → .*: (sqs:(SendMessage|GetQueueAttributes|GetQueueUrl) on arn:aws:sqs:|kms:(Encrypt|ReEncrypt\*|GenerateDataKey\*|DescribeKey) on arn:aws:kms:)/,
    reason:
      "The event source mapping's on-failure destination: a record that keeps failing is sent to the encrypted " +
      'dead-letter queue with the consumer’s role. Nothing failed in this run; the poller tests park records.',
  },
];
