import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isTransientCancellation } from '../data/transactions';
import { Busy, DomainError, InvalidInput, KeyReused, NotFound, NotPermitted, RuleViolated, StaleRecord } from '../domain/errors';
import { logger } from '../logger';
import { BadRequest, Conflict, Forbidden, HttpProblem, NotFound as NotFoundProblem, ServiceUnavailable, UnprocessableContent } from './problems';

const RETRYABLE_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

interface AwsErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: unknown;
}

function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsErrorShape;
  return (
    (typeof e.name === 'string' && RETRYABLE_AWS_ERRORS.has(e.name)) ||
    (e.$fault === 'server' && (e.$metadata?.httpStatusCode ?? 0) >= 500) ||
    isTransientCancellation(error)
  );
}

function isBodyParserError(error: unknown): boolean {
  const cause = (error as { cause?: { package?: unknown } } | null)?.cause;
  return cause?.package === '@middy/http-json-body-parser';
}

/** The one mapping from anything thrown to what the caller sees; nothing internal leaks past it. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) return domainProblem(error);
  if (isBodyParserError(error)) {
    return new BadRequest(
      [{ path: 'body', message: 'must be a JSON document sent as Content-Type: application/json' }],
      'The request body is not valid JSON; nothing was written.',
    );
  }
  if (isRetryableAwsError(error)) {
    logger.warn('database busy or unavailable', { error: String((error as Error).name) });
    return new ServiceUnavailable();
  }
  logger.error('unhandled error', { error: error instanceof Error ? error : String(error) });
  return new HttpProblem(
    500,
    'internal',
    'Internal error',
    'Something went wrong on our side. Retry with the same Idempotency-Key to be safe, or read the record first.',
  );
}

export function problemResponse(problem: HttpProblem, requestId: string | undefined): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...problem.headers },
    body: JSON.stringify({
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      ...(requestId ? { instance: `urn:reintegration:request:${requestId}` } : {}),
      ...problem.extensions(),
    }),
  };
}

/** Each error of the domain and data layers, as the caller sees it. */
function domainProblem(error: DomainError): HttpProblem {
  if (error instanceof InvalidInput) return new BadRequest([...error.violations], error.message);
  if (error instanceof StaleRecord || error instanceof RuleViolated) return new Conflict(error.message);
  if (error instanceof Busy) return new ServiceUnavailable(error.message);
  if (error instanceof KeyReused) return new UnprocessableContent(error.message);
  if (error instanceof NotFound) return new NotFoundProblem(error.message);
  if (error instanceof NotPermitted) return new Forbidden(error.message);
  logger.error('unmapped domain error', { error });
  return new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong on our side.');
}
