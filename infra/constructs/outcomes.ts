import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ProgrammeVariable } from '../../lib/config';
import { suppressKeyEncryptWildcards, suppressStreamListing } from '../nag';
import { DeadLetterQueue } from './dead-letter-queue';
import { ProductFunction } from './product-function';
import { OUTCOME_SOURCES } from '../../lib/events/records';

export interface OutcomesProps {
  table: ITable;
  key: IKey;
  /** The programme's rules; its time zone decides the day figures are counted for, and freshness how long a level counts. */
  programme: Readonly<Record<ProgrammeVariable, string>>;
  environment: Record<string, string>;
  logRetention?: RetentionDays;
}

/**
 * The records whose changes move outcome figures (dynamodb-toolbox entity names), filtered at the source: the
 * consumer's own list, so the filter and the consumer cannot disagree.
 */
const SOURCES = [...OUTCOME_SOURCES];

/**
 * The outcome projection's upkeep: a consumer of the table's stream refreshes the share of every changed child
 * in the outcome tables. Partial batch failures, bisection and retries keep one bad record from holding up
 * the rest; one that keeps failing is parked on an encrypted dead-letter queue that alarms.
 */
export class Outcomes extends Construct {
  readonly projector: ProductFunction;
  readonly deadLetters: Queue;
  /** A change parked on the dead-letter queue after the event source's retries. */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: OutcomesProps) {
    super(scope, id);

    this.projector = new ProductFunction(this, 'Projector', {
      description: 'Table stream → outcome projection',
      entry: 'functions/streams/outcomes.ts',
      kind: 'projector',
      environment: props.environment,
      timeout: Duration.minutes(1),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.projector.bindTable(props.table, 'all').bindProgramme(props.programme);

    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      deadLetterOf: "the projector's stream event source (on-failure destination)",
      onAlarm: 'an operator replays via rebuild-projections.',
      alarmDescription: 'A change could not reach the outcome projection; read the queue, then run rebuild-projections.',
    });
    this.deadLetters = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;
    this.projector.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { _et: { S: FilterRule.or(...SOURCES) } } } })],
      }),
    );
    // The event source lets the projector list streams and send failed batches to the encrypted dead-letter queue.
    suppressStreamListing(this.projector.executionRole);
    suppressKeyEncryptWildcards(this.projector.executionRole);
  }
}
