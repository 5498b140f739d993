import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
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
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/metric-names';
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

/** How long the sweep may go without a completed run before the dead-man's switch fires. */
export const SWEEP_SILENCE_HOURS = 26;

/**
 * The daily missed-visit sweep: EventBridge Scheduler invokes it at 02:00 in the programme's time zone,
 * retries a failed run, and parks one that keeps failing on an encrypted dead-letter queue that alarms. A
 * dead-man's switch alarms when no run has completed for SWEEP_SILENCE_HOURS, whatever stopped it.
 */
export class Sweep extends Construct {
  readonly fn: ProductFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;
  /** A run parked on the dead-letter queue after the scheduler's retries. */
  readonly deadLetterAlarm: Alarm;
  /** An invocation of the sweep function failed. */
  readonly errorsAlarm: Alarm;
  /** No `SweepCompleted` for SWEEP_SILENCE_HOURS hours. */
  readonly deadMansSwitch: Alarm;

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

    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      deadLetterOf: "the schedule's target",
      onAlarm: 'an operator reads it and runs POST /sweeps.',
      alarmDescription: 'A sweep run failed after its retries; read the dead-letter queue and run POST /sweeps.',
    });
    this.deadLetters = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;

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

    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The sweep failed.',
      metric: this.fn.metricErrors({ period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // The dead-man's switch: the alarms above need something to fail; this one needs something to succeed. It
    // watches the sweep's own `SweepCompleted` (lib/sweep.ts emits 1 per run that went through everything due), so
    // a crash, a disabled or deleted schedule, a missing permission, a run cut short night after night or a broken
    // metrics pipeline all end the same way: no data.
    //
    // The 26-hour window is 26 one-hour periods, all 26 breaching (26 of 26), Sum < 1, and an hour without data
    // counts as breaching: ALARM exactly when no hour of the last 26 saw a completed run, re-evaluated every hour
    // (a single 26-hour period, were it accepted, would be judged only once it had ended).
    // Valid: PutMetricAlarm allows Period × EvaluationPeriods up to 7 days (604,800 s) when the period is an hour
    // or more (one day only for shorter periods); 26 × 3,600 s = 93,600 s. CDK does not check this range, so
    // test/infra/stack.test.ts pins the values.
    // 26 = the 24 hours between two nightly runs, 1 for the long night of the autumn clock change (02:00 local
    // comes 25 hours after the previous one), and 1 of slack for the run itself and EMF's delivery. Until a run
    // completes after the first deployment the alarm is in ALARM: a sweep never seen to work is not working.
    this.deadMansSwitch = new Alarm(this, 'DeadMansSwitch', {
      alarmDescription:
        `No sweep has completed for ${SWEEP_SILENCE_HOURS} hours (crashed, cut short, schedule disabled, or not allowed ` +
        'to run): missed visits are not being flagged and flags not escalated. Check the sweep’s logs and errors alarm, ' +
        'then run POST /sweeps.',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.sweepCompleted,
        // Powertools adds the service dimension to every metric; an alarm matches dimensions exactly.
        dimensionsMap: { service: METRICS_SERVICE },
        statistic: Stats.SUM,
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: SWEEP_SILENCE_HOURS,
      datapointsToAlarm: SWEEP_SILENCE_HOURS,
      treatMissingData: TreatMissingData.BREACHING,
    });
  }
}
