import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EVENT_SOURCE, FLAG_EVENT_TYPES, REFERRAL_EVENT_TYPES } from '../../lib/events/events';
import { EVENT_ENTITIES } from '../../lib/events/flag-events';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { suppressKeyEncryptWildcards, suppressStreamListing } from '../nag';
import { DeadLetterQueue } from './dead-letter-queue';
import { ProductFunction } from './product-function';

export interface EventsProps {
  table: ITable;
  key: Key;
  environment: Record<string, string>;
  logRetention?: RetentionDays;
}


/**
 * Flag events: the table's stream is the outbox. A consumer turns new and escalated flags into `FlagRaised` and
 * `FlagEscalated` on the bus. One rule forwards every flag event to the municipal topic, another every escalation
 * to the supervisors' topic; each message body carries `municipalityId` or `organisationId`, so a subscription's
 * filter policy (scope MessageBody) picks one municipality's or one organisation's flags, and a new municipality
 * or organisation is a new subscription, not a redeploy (docs/operations.md). A record or delivery that keeps
 * failing is parked on an encrypted dead-letter queue, with an alarm as soon as one is there.
 */
export class Events extends Construct {
  readonly bus: EventBus;
  readonly publisher: ProductFunction;
  readonly deadLetters: Queue;
  readonly deadLetterAlarm: Alarm;
  /** Flags raised and escalated, for municipal officers: subscribe with a filter policy on `municipalityId`. */
  readonly municipalTopic: Topic;
  /** Escalated flags, for supervisors: subscribe with a filter policy on `organisationId`. */
  readonly supervisorTopic: Topic;
  /** Where break-the-glass grants go for review (the programme's safeguarding lead subscribes). */
  readonly reviewTopic: Topic;
  /** Each case worker's nightly reminder of visits due: subscribe with a filter policy on `caseWorkerId`. */
  readonly reminderTopic: Topic;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', { description: 'Flags raised and escalated, for municipal subscribers' });
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      deadLetterOf: "the stream event source (on-failure destination) and of the rules' SNS targets",
      onAlarm: 'an operator reads it.',
      alarmDescription: 'A flag event could not be published; read the dead-letter queue.',
    });
    this.deadLetters = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;

    this.publisher = new ProductFunction(this, 'FlagEventsPublisher', {
      description: 'Table stream → FlagRaised / FlagEscalated on the event bus',
      entry: 'functions/streams/flag-events.ts',
      kind: 'publisher',
      environment: props.environment,
      timeout: Duration.seconds(30),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.publisher.bindEventBus(this.bus);
    this.publisher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        // Only the entities whose writes are events, so other writes never wake the function.
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { _et: { S: FilterRule.or(...EVENT_ENTITIES) } } } })],
      }),
    );
    // The event source lets the publisher list streams and send failed batches to the encrypted dead-letter queue.
    suppressStreamListing(this.publisher.executionRole);
    suppressKeyEncryptWildcards(this.publisher.executionRole);

    // EventBridge publishes to the encrypted topics and the dead-letter queue, so it may use the key for that.
    props.key.grant(new ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const flag = (field: string) => EventField.fromPath(`$.detail.${field}`);
    // What reaches an inbox or a phone: the kind of flag and where to look, never who the child is or who works
    // on the case. The field the subscription filters on is part of the body.
    this.municipalTopic = this.flagTopic('MunicipalFlags', 'Reintegration flags for municipalities', props.key, {
      description: 'Flags raised and escalated, to the subscribers of their municipality',
      detailTypes: FLAG_EVENT_TYPES,
      body: {
        municipalityId: flag('municipalityId'),
        flagId: flag('flagId'),
        type: flag('type'),
        severity: flag('severity'),
        message: `A ${flag('severity')} ${flag('type')} flag for ${flag('municipalityId')} was raised or escalated. Sign in to read flag ${flag('flagId')}.`,
      },
    });
    this.supervisorTopic = this.flagTopic('SupervisorFlags', 'Reintegration: escalated flags for supervisors', props.key, {
      description: "Escalated flags, to the supervisors of the case's organisation",
      detailTypes: ['FlagEscalated'],
      body: {
        organisationId: flag('organisationId'),
        flagId: flag('flagId'),
        type: flag('type'),
        severity: flag('severity'),
        message: `A ${flag('type')} flag was not acknowledged in time and is now ${flag('severity')}. Sign in to read flag ${flag('flagId')}.`,
      },
    });

    // A referral to a municipal service, and one past its due day, reach the municipality's subscribers too.
    this.forward('RouteMunicipalReferrals', this.municipalTopic, {
      description: 'Referrals requested of a municipal service, and referrals past their due day, to that municipality',
      detailTypes: REFERRAL_EVENT_TYPES,
      body: {
        municipalityId: flag('municipalityId'),
        referralId: flag('referralId'),
        service: flag('service'),
        dueBy: flag('dueBy'),
        message: `A ${flag('service')} referral for ${flag('municipalityId')}, due by ${flag('dueBy')}, was requested or is overdue. Sign in to read referral ${flag('referralId')}.`,
      },
    });

    const reminder = (field: string) => EventField.fromPath(`$.detail.${field}`);
    this.reminderTopic = this.flagTopic('VisitReminders', 'Reintegration: visits due', props.key, {
      description: "Each night's VisitsDue reminder, to the subscriptions of its case worker",
      detailTypes: ['VisitsDue'],
      body: {
        caseWorkerId: reminder('caseWorkerId'),
        dueSoon: reminder('dueSoon'),
        overdue: reminder('overdue'),
        message: `Visits due in the next 7 days: ${reminder('dueSoon')}. Overdue, still in time: ${reminder('overdue')}. Sign in to see your agenda.`,
      },
    });

    this.reviewTopic = new Topic(this, 'EmergencyAccessReviews', {
      displayName: 'Reintegration: emergency access to review',
      masterKey: props.key,
      enforceSSL: true,
    });
    new Rule(this, 'RouteEmergencyAccess', {
      description: 'Every break-the-glass grant to the review topic',
      eventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: ['EmergencyAccessGranted'] },
      targets: [
        new SnsTopic(this.reviewTopic, {
          message: RuleTargetInput.fromText(
            `Emergency access granted to supervisor ${EventField.fromPath('$.detail.supervisorId')} until ` +
              `${EventField.fromPath('$.detail.expiresAt')} (grant ${EventField.fromPath('$.detail.grantId')}). ` +
              'Review the reason in the child’s audit trail.',
          ),
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
        }),
      ],
    });
  }

  /** An encrypted topic and the rule that forwards the given events to it as a JSON body. */
  private flagTopic(id: string, displayName: string, key: Key, route: EventRoute): Topic {
    const topic = new Topic(this, id, { displayName, masterKey: key, enforceSSL: true });
    this.forward(`Route${id}`, topic, route);
    return topic;
  }

  /** A rule that forwards the given events to a topic as a JSON body, parking what keeps failing. */
  private forward(id: string, topic: Topic, route: EventRoute): void {
    new Rule(this, id, {
      description: route.description,
      eventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [...route.detailTypes] },
      targets: [
        new SnsTopic(topic, {
          message: RuleTargetInput.fromObject(route.body),
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
        }),
      ],
    });
  }
}

interface EventRoute {
  description: string;
  detailTypes: readonly string[];
  body: Record<string, string>;
}
