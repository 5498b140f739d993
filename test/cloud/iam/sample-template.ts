import type { CfnTemplate, DeploymentTarget } from './template';

/**
 * A small hand-written template with the shapes the CDK synthesizes for this stack: a table encrypted with a
 * customer-managed key, a reading function (read grant, audit writes only, no audit changes) and a writing
 * function whose grants come as an inline policy, a managed policy and an AWS::IAM::Policy.
 */

export const SAMPLE_TARGET: DeploymentTarget = { partition: 'aws', region: 'eu-central-1', accountId: '111122223333', stackName: 'Sample' };

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const tableAndIndexes = [arnOf('Table'), { 'Fn::Join': ['', [arnOf('Table'), '/index/*']] }];
const root = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };
const auditPartitions = { 'dynamodb:LeadingKeys': ['AUDIT#*'] };
const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export function sampleTemplate(): CfnTemplate {
  return {
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources: {
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }] },
        },
      },
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byOwner',
              KeySchema: [
                { AttributeName: 'gsi1pk', KeyType: 'HASH' },
                { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
              ],
            },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'byDate',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'lsi1sk', KeyType: 'RANGE' },
              ],
            },
          ],
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf('Key') },
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'sample/export', KmsKeyId: arnOf('Key') } },
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'sample-bus' } },
      Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { Ref: 'Bus' }, EventPattern: { source: ['sample'] } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: arnOf('Key') } },
      QueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'Queue' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Principal: { AWS: '*' },
                Action: 'sqs:*',
                Resource: arnOf('Queue'),
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'sample-topic' } },
      UserPool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      UserPoolClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'UserPool' } } },
      ReaderLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },

      ReaderRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: lambdaTrust } },
      ReaderPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'ReaderPolicy',
          Roles: [{ Ref: 'ReaderRole' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf('ReaderLogs') },
              {
                Sid: 'ReadTable',
                Effect: 'Allow',
                Action: [
                  'dynamodb:GetItem',
                  'dynamodb:Query',
                  'dynamodb:BatchGetItem',
                  'dynamodb:ConditionCheckItem',
                  'dynamodb:DescribeTable',
                ],
                Resource: tableAndIndexes,
              },
              { Sid: 'DecryptTable', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: arnOf('Key') },
              {
                Sid: 'AuditWrites',
                Effect: 'Allow',
                Action: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
                Resource: arnOf('Table'),
                Condition: { 'ForAllValues:StringLike': auditPartitions },
              },
              { Sid: 'AuditKeys', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: arnOf('Key') },
              {
                Sid: 'NoAuditChanges',
                Effect: 'Deny',
                Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
                Resource: arnOf('Table'),
                Condition: { 'ForAnyValue:StringLike': auditPartitions },
              },
            ],
          },
        },
      },
      Reader: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: arnOf('ReaderRole'),
          Environment: { Variables: { TABLE_NAME: { Ref: 'Table' } } },
          LoggingConfig: { LogGroup: { Ref: 'ReaderLogs' } },
        },
      },

      WriterRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'sample-writer-role',
          AssumeRolePolicyDocument: lambdaTrust,
          ManagedPolicyArns: [{ Ref: 'WriterManagedPolicy' }],
          Policies: [
            {
              PolicyName: 'WriteTable',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: [
                      'dynamodb:GetItem',
                      'dynamodb:PutItem',
                      'dynamodb:UpdateItem',
                      'dynamodb:DeleteItem',
                      'dynamodb:ConditionCheckItem',
                    ],
                    Resource: arnOf('Table'),
                  },
                  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: arnOf('Key') },
                ],
              },
            },
          ],
        },
      },
      WriterManagedPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PutEvents',
                Effect: 'Allow',
                Action: 'events:PutEvents',
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${Bus}' },
              },
              { Sid: 'ReadSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'Secret' } },
              { Sid: 'SendDeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf('Queue') },
            ],
          },
        },
      },
      WriterPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'WriterPolicy',
          Roles: [{ Ref: 'WriterRole' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'NoAuditChanges',
                Effect: 'Deny',
                Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
                Resource: arnOf('Table'),
                Condition: { 'ForAnyValue:StringLike': auditPartitions },
              },
            ],
          },
        },
      },
      Writer: {
        Type: 'AWS::Lambda::Function',
        Properties: { FunctionName: 'sample-writer', Role: arnOf('WriterRole') },
      },
    },
  };
}
