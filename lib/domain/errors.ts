import type { Violation } from './case';

/**
 * What went wrong in the domain or the data layer, named by what it means and not by an HTTP status: the nightly
 * sweep and the stream consumers raise them as the routes do. lib/http/problem-response.ts `toProblem` is the one
 * place that turns each into problem details.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record changed since it was read, or is held by a value someone else has (a case code): read it again (409). */
export class StaleRecord extends DomainError {}

/** A rule of the domain forbids this now, whatever the input's form (409). */
export class RuleViolated extends DomainError {}

/** The store is busy with other changes to the same records: retry shortly (503). */
export class Busy extends DomainError {}

/** An idempotency key sent again with another request (422). */
export class KeyReused extends DomainError {}

/** Input whose form is right but whose values break a rule of their fields; nothing was written (400). */
export class InvalidInput extends DomainError {
  constructor(
    readonly violations: readonly Violation[],
    message = 'The request has invalid fields; nothing was written.',
  ) {
    super(message);
  }
}

/** No such record, or one the caller may not know of: its existence is never confirmed (404). */
export class NotFound extends DomainError {}

/** The caller's role, or their relation to the record, does not allow this (403). */
export class NotPermitted extends DomainError {}
