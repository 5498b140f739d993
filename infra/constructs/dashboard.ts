import { Duration, Stack } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  AlarmWidget,
  Dashboard,
  GraphWidget,
  Metric,
  Stats,
  TextWidget,
  type IAlarm,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { FLAG_TYPES } from '../../lib/domain/flags';
import { FLAG_TYPE_DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/metric-names';
import { SWEEP_SILENCE_HOURS } from './sweep';

export interface OperationsDashboardProps {
  /** Every alarm of the product, with the title its widget gets: the first ones are shown first. */
  alarms: ReadonlyArray<{ title: string; alarm: IAlarm }>;
  /** Every function of the product, by the label of its line on the errors graph. */
  functions: ReadonlyMap<string, IFunction>;
}

/** Daily sums: the sweep runs once a night, and flags and visits are read as "how many a day". */
const DAY = Duration.days(1);

/** One of the product's metrics (lib/metrics.ts), with the `service` dimension Powertools puts on every one. */
const productMetric = (metricName: string, options: { statistic?: string; label?: string; dimensions?: Record<string, string> } = {}) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRICS_SERVICE, ...options.dimensions },
    statistic: options.statistic ?? Stats.SUM,
    period: DAY,
    ...(options.label ? { label: options.label } : {}),
  });

const byFlagType = (metricName: string) =>
  FLAG_TYPES.map((type) => productMetric(metricName, { label: type, dimensions: { [FLAG_TYPE_DIMENSION]: type } }));

/**
 * What an operator opens first: are the alarms quiet, did last night's sweep finish and what did it do, how many
 * flags of each kind went out, are visits being logged, does any function fail. Counts only, as the metrics are
 * (docs/operations.md).
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);

    const alarms = props.alarms.map(({ alarm }) => alarm);
    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            '## Reintegration: operations\n' +
            `Alarms first: the **sweep dead-man’s switch** fires after ${SWEEP_SILENCE_HOURS} hours without a completed sweep; a **dead-letter** ` +
            'alarm means something was parked for an operator. Metrics are counts only (namespace ' +
            `\`${METRICS_NAMESPACE}\`), never a child or a case. See docs/operations.md.`,
          width: 24,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: Math.max(2, Math.ceil(alarms.length / 4) + 1) })],
      [
        new GraphWidget({
          title: 'Sweep: what each night did',
          left: [
            productMetric(METRIC.checkpointsMissed, { label: 'checkpoints missed' }),
            productMetric(METRIC.sweepFlagsRaised, { label: 'flags raised' }),
            productMetric(METRIC.sweepFlagsEscalated, { label: 'flags escalated' }),
          ],
          width: 8,
        }),
        new GraphWidget({
          title: 'Sweep: runs completed',
          left: [productMetric(METRIC.sweepCompleted, { label: 'completed runs' })],
          leftYAxis: { min: 0 },
          width: 8,
        }),
        new GraphWidget({
          title: 'Sweep: duration (ms)',
          left: [productMetric(METRIC.sweepDuration, { statistic: Stats.MAXIMUM, label: 'longest run' })],
          leftYAxis: { min: 0 },
          width: 8,
        }),
      ],
      [
        new GraphWidget({ title: 'Flags raised by type', left: byFlagType(METRIC.flagsRaised), stacked: true, width: 8 }),
        new GraphWidget({ title: 'Flags escalated by type', left: byFlagType(METRIC.flagsEscalated), stacked: true, width: 8 }),
        new GraphWidget({ title: 'Visits logged', left: [productMetric(METRIC.visitsLogged, { label: 'visits' })], width: 8 }),
      ],
      props.alarms.map(({ title, alarm }) => new AlarmWidget({ title, alarm, width: 24 / Math.min(props.alarms.length, 3) })),
      [
        new GraphWidget({
          title: 'Lambda errors by function',
          left: [...props.functions].map(([label, fn]) => fn.metricErrors({ period: Duration.hours(1), label })),
          width: 24,
          height: 8,
        }),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(14),
      widgets: rows,
    });
  }
}
