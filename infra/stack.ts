import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { routeList } from '../lib/api/routes';
import { PROGRAMME_DEFAULTS } from '../lib/config';
import { Api } from './constructs/api';
import { OperationsDashboard } from './constructs/dashboard';
import { Data } from './constructs/data';
import { Events } from './constructs/events';
import { Identity } from './constructs/identity';
import { Outcomes } from './constructs/outcomes';
import { Sweep, SWEEP_SILENCE_HOURS } from './constructs/sweep';

export interface ReintegrationStackProps extends StackProps {
  /** IANA zone that decides what "today" is (PROGRAMME_TIME_ZONE). */
  programmeTimeZone?: string;
  /** Days after the due date before a checkpoint is overdue (GRACE_DAYS). */
  graceDays?: number;
  /** Days before an unacknowledged flag is escalated (ESCALATION_DAYS). */
  escalationDays?: number;
  /** POWERTOOLS_LOG_LEVEL of every function. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logRetention?: RetentionDays;
}

/**
 * The whole cloud side: table and key, user pool, the HTTP API generated from the route table, and the flag
 * events published from the table's stream.
 */
export class ReintegrationStack extends Stack {
  readonly data: Data;
  readonly identity: Identity;
  readonly api: Api;
  readonly events: Events;
  readonly sweep: Sweep;
  readonly outcomes: Outcomes;
  readonly exportSecret: Secret;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: ReintegrationStackProps = {}) {
    super(scope, id, props);

    this.data = new Data(this, 'Data');
    this.identity = new Identity(this, 'Identity');
    const programme = {
      ...PROGRAMME_DEFAULTS,
      ...(props.programmeTimeZone ? { PROGRAMME_TIME_ZONE: props.programmeTimeZone } : {}),
      ...(props.graceDays ? { GRACE_DAYS: String(props.graceDays) } : {}),
      ...(props.escalationDays ? { ESCALATION_DAYS: String(props.escalationDays) } : {}),
    };
    // What every function gets; the rest each is given by a bind call with its grants (ProductFunction).
    const environment = {
      POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
      POWERTOOLS_SERVICE_NAME: 'reintegration-api',
    };
    const logRetention = props.logRetention ? { logRetention: props.logRetention } : {};
    this.exportSecret = new Secret(this, 'ExportPseudonymSecret', {
      description: 'Keys the pseudonyms of the de-identified export; the same secret gives the same pseudonyms',
      encryptionKey: this.data.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      // Replacing it would make every later export unlinkable to earlier ones.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.exportSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Not a credential but the HMAC key of the export pseudonyms: the same key must give the same pseudonyms ' +
          'across exports, so rotating it would make every later export unlinkable to earlier ones. It is ' +
          'encrypted with the customer-managed key, retained, and readable only by the export function.',
      },
    ]);
    this.api = new Api(this, 'Api', {
      routes: routeList,
      table: this.data.table,
      auth: { issuer: this.identity.issuer, audience: this.identity.client.userPoolClientId },
      programme,
      environment,
      resources: { exportSecret: this.exportSecret, userPool: this.identity.userPool },
      ...logRetention,
    });
    this.events = new Events(this, 'Events', { table: this.data.table, key: this.data.key, environment, ...logRetention });
    this.outcomes = new Outcomes(this, 'Outcomes', { table: this.data.table, key: this.data.key, programme, environment, ...logRetention });
    this.sweep = new Sweep(this, 'Sweep', { table: this.data.table, key: this.data.key, programme, environment, ...logRetention });
    // After everything it watches: every alarm of the product, and the errors of every function.
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      alarms: [
        { title: `Sweep: no completed run for ${SWEEP_SILENCE_HOURS} h (dead-man’s switch)`, alarm: this.sweep.deadMansSwitch },
        { title: 'Sweep: errors', alarm: this.sweep.errorsAlarm },
        { title: 'Sweep: runs on the dead-letter queue', alarm: this.sweep.deadLetterAlarm },
        { title: 'Flag events: dead-letter queue', alarm: this.events.deadLetterAlarm },
        { title: 'Outcome projection: dead-letter queue', alarm: this.outcomes.deadLetterAlarm },
      ],
      functions: new Map([
        ...this.api.functions,
        ['flag-events publisher', this.events.publisher],
        ['outcome projector', this.outcomes.projector],
        ['sweep', this.sweep.fn],
      ]),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'MunicipalFlagsTopic', {
      value: this.events.municipalTopic.topicArn,
      description: 'Subscribe officers with a filter policy on municipalityId (scope MessageBody)',
    });
    new CfnOutput(this, 'SupervisorFlagsTopic', {
      value: this.events.supervisorTopic.topicArn,
      description: 'Subscribe supervisors with a filter policy on organisationId (scope MessageBody)',
    });
    new CfnOutput(this, 'VisitRemindersTopic', {
      value: this.events.reminderTopic.topicArn,
      description: 'Subscribe each case worker with a filter policy on caseWorkerId (scope MessageBody)',
    });
  }
}
