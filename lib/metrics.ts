import { Metrics } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';
import { METRICS_SERVICE } from './metric-names';

export { MetricUnit } from '@aws-lambda-powertools/metrics';
export { FLAG_TYPE_DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';

/*
 * Quiet unless a namespace is configured. The stack gives every function POWERTOOLS_METRICS_NAMESPACE; the local
 * runtime, the tests, the scripts and the bench have none, and there an EMF document on stdout would be noise (and
 * Powertools would add a "Namespace should be defined" warning to each).
 *
 * Powertools 2.x has no `disabled` constructor option. Its documented switch is the POWERTOOLS_METRICS_DISABLED
 * variable (which takes precedence over POWERTOOLS_DEV), read when an instance is built — also by the instances
 * `singleMetric()` builds. So it is defaulted here, before the instance exists, to "disabled" when no namespace is
 * set; a value someone set explicitly is kept (POWERTOOLS_METRICS_DISABLED=false prints EMF locally). POWERTOOLS_DEV
 * is not used for this: it also switches the Logger to pretty-printed output. A disabled instance still buffers
 * and clears; it just writes nothing.
 */
if (!process.env.POWERTOOLS_METRICS_NAMESPACE && process.env.POWERTOOLS_METRICS_DISABLED === undefined) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
}

/**
 * The product's one Metrics instance: namespace from POWERTOOLS_METRICS_NAMESPACE, `service` dimension
 * 'reintegration-api'. Its own warnings (a dimension overwritten, an invalid value) go to the structured logger,
 * not to a bare console. Add counts only — never an id, a code or a name, as a value, a dimension or metadata.
 */
export const metrics = new Metrics({ serviceName: METRICS_SERVICE, logger });

/**
 * Writes what was added since the last flush as one EMF document (in Lambda: a log line CloudWatch turns into
 * metrics). Nothing to write → nothing at all: Powertools' publishStoredMetrics would warn about an empty buffer.
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
