import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ProgrammeVariable } from '../../lib/config';
import { logicalIdOf, suppressKeyEncryptWildcards } from '../nag';
import { DeadLetterQueue } from './dead-letter-queue';
import { ProductFunction } from './product-function';

export interface SweepProps {
  table: ITable;
  key: IKey;
  /** The programme's rules; its time zone decides when the night is. */
  programme: Readonly<Record<ProgrammeVariable, string>>;
  environment: Record<string, string>;
  logRetention?: RetentionDays;
}

/**
 * The daily missed-visit sweep: EventBridge Scheduler invokes it at 02:00 in the programme's time zone,
 * retries a failed run, and parks one that keeps failing on an encrypted dead-letter queue that alarms.
 */
export class Sweep extends Construct {
  readonly fn: ProductFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: SweepProps) {
    super(scope, id);

    this.fn = new ProductFunction(this, 'Function', {
      description: 'Daily sweep: missed visits, lost contact, escalation',
      entry: 'functions/sweeps/scheduled.ts',
      kind: 'sweep',
      environment: props.environment,
      // Lambda's longest; a run cut short is finished by the next (done work leaves the index).
      timeout: Duration.minutes(15),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.fn.bindTable(props.table, 'all').bindProgramme(props.programme);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      deadLetterOf: "the schedule's target",
      onAlarm: 'an operator reads it and runs POST /sweeps.',
      alarmDescription: 'A sweep run failed after its retries; read the dead-letter queue and run POST /sweeps.',
    }).queue;

    // The role EventBridge Scheduler invokes the sweep with. LambdaInvoke would create the same one at stack level
    // (trusted by Scheduler for this account's default schedule group only); it is made here so that its cdk-nag
    // suppression sits next to it.
    const stack = Stack.of(this);
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });

    // The dead-letter queue is encrypted with the customer-managed key: sending to it needs the key too.
    props.key.grant(schedulerRole, 'kms:Decrypt', 'kms:GenerateDataKey*');
    suppressKeyEncryptWildcards(schedulerRole, ['Action::kms:GenerateDataKey*']);

    this.schedule = new Schedule(this, 'Daily', {
      description: 'Runs the missed-visit sweep every night',
      schedule: ScheduleExpression.cron({ hour: '2', minute: '0', timeZone: TimeZone.of(props.programme.PROGRAMME_TIME_ZONE) }),
      target: new LambdaInvoke(this.fn, {
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
        role: schedulerRole,
      }),
    });
    NagSuppressions.addResourceSuppressions(
      schedulerRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'LambdaInvoke grants lambda:InvokeFunction on the sweep function and on <function ARN>:*, its versions ' +
            'and aliases. The function publishes none, so the wildcard matches nothing beyond the function itself.',
          appliesTo: [`Resource::<${logicalIdOf(this.fn)}.Arn>:*`],
        },
      ],
      true,
    );

    new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The sweep failed.',
      metric: this.fn.metricErrors({ period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
