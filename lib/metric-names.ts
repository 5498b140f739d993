/**
 * The product's CloudWatch metrics, named once: the code that emits them (lib/metrics.ts re-exports these) and the
 * alarms and dashboard in infra/ use the same constants. This module imports nothing and does nothing when
 * loaded, so the CDK app can read the names without instantiating Powertools.
 *
 * Every metric is a count or a duration. None carries a child id, a case code, a name or any other record: the
 * only dimensions are `service` (Powertools adds it to every metric) and, on flag events, the flag `type`
 * (one of FLAG_TYPES).
 */

/** The namespace the stack gives every function as POWERTOOLS_METRICS_NAMESPACE. */
export const METRICS_NAMESPACE = 'Reintegration';

/** The `service` dimension Powertools puts on every metric (as lib/logger.ts names the service). */
export const METRICS_SERVICE = 'reintegration-api';

export const METRIC = {
  /** 1 for each sweep run that went through every due entry (SweepReport.complete); nothing for a run cut short. */
  sweepCompleted: 'SweepCompleted',
  /** Checkpoints the sweep marked missed. */
  checkpointsMissed: 'CheckpointsMissed',
  /** Flags the sweep raised (missed_visit, lost_contact). */
  sweepFlagsRaised: 'SweepFlagsRaised',
  /** Flags the sweep escalated. */
  sweepFlagsEscalated: 'SweepFlagsEscalated',
  /** Milliseconds one sweep run took, the outcome snapshot included. */
  sweepDuration: 'SweepDuration',
  /** FlagRaised events published to the bus, whatever raised the flag (a visit, the sweep), by flag `type`. */
  flagsRaised: 'FlagsRaised',
  /** FlagEscalated events published to the bus, by flag `type`. */
  flagsEscalated: 'FlagsEscalated',
  /** Visits newly recorded (an idempotent replay is not counted). */
  visitsLogged: 'VisitsLogged',
} as const;

/** The dimension of FlagsRaised and FlagsEscalated. */
export const FLAG_TYPE_DIMENSION = 'type';
