/**
 * Every error a caller can see, as RFC 9457 problem details. Handlers throw these; `toProblem` in
 * `problem-response.ts` is the one place that turns anything thrown into an HTTP answer.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get type(): string {
    return `urn:reintegration:problem:${this.slug}`;
  }

  /** Members beyond type/title/status/detail. */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class BadRequest extends HttpProblem {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request has invalid fields; nothing was written.',
  ) {
    super(400, 'bad-request', 'Bad request', detail);
  }

  override extensions(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

export class Unauthorized extends HttpProblem {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail, { 'www-authenticate': 'Bearer' });
  }
}

export class Forbidden extends HttpProblem {
  constructor(detail = 'Your role may not do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

/** Also the answer for records outside the caller's scope, so their existence is never confirmed. */
export class NotFound extends HttpProblem {
  constructor(detail = 'No such resource.') {
    super(404, 'not-found', 'Not found', detail);
  }
}

export class Conflict extends HttpProblem {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export class ServiceUnavailable extends HttpProblem {
  constructor(detail = 'The service is busy; retry shortly.', retryAfterSeconds = 2) {
    super(503, 'unavailable', 'Service unavailable', detail, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** The request is well-formed but cannot be processed as sent, e.g. an idempotency key reused for another body. */
export class UnprocessableContent extends HttpProblem {
  constructor(detail: string) {
    super(422, 'unprocessable-content', 'Unprocessable content', detail);
  }
}

export class PayloadTooLarge extends HttpProblem {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `The request body must be at most ${limitBytes} bytes; nothing was written.`);
  }
}
