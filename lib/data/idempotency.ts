import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { canonicalJson } from '../canonical-json';
import { KeyReused } from '../domain/errors';
import type { Db } from './db';
import { ParsedPutTransaction } from './parsed-put';

/** How long a first answer is kept: field workers may retry a queued request after days without signal. */
export const IDEMPOTENCY_TTL_DAYS = 7;

export interface IdempotentRequest {
  /** Hash of who sent the key, to which route, and the key: one caller's keys never meet another's. */
  recordKey: string;
  /** Hash of the request the key was first used for. */
  requestHash: string;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function idempotentRequest(caller: string, operationId: string, key: string, request: unknown): IdempotentRequest {
  return {
    recordKey: sha256(canonicalJson([caller, operationId, key])),
    requestHash: sha256(canonicalJson(request)),
  };
}

/** The idempotency of a request that may carry an `Idempotency-Key`: none without one. */
export function idempotencyOf(caller: string, operationId: string, key: string | undefined, request: unknown, at: Date) {
  return key ? { request: idempotentRequest(caller, operationId, key, request), at } : undefined;
}

/** The first answer given for this key, if there was one; 422 when the key was first used for another request. */
export async function storedAnswer(db: Db, request: IdempotentRequest): Promise<StoredAnswer | undefined> {
  const { Item } = await db.idempotencyRecords
    .build(GetItemCommand)
    .key({ recordKey: request.recordKey })
    .options({ consistent: true })
    .send();
  if (!Item) return undefined;
  if (Item.requestHash !== request.requestHash) {
    throw new KeyReused(
      'This Idempotency-Key was already used for a different request; use a new key for a new request.',
    );
  }
  return { status: Item.status, body: Item.body };
}

/** The record to write in the same transaction as the request's effects; it fails if the key is taken. */
export function storeAnswer(db: Db, request: IdempotentRequest, answer: StoredAnswer, at: Date) {
  return db.idempotencyRecords
    .build(ParsedPutTransaction)
    .item({
      recordKey: request.recordKey,
      requestHash: request.requestHash,
      status: answer.status,
      body: answer.body,
      createdAt: at.toISOString(),
      expiresAt: Math.floor(at.getTime() / 1000) + IDEMPOTENCY_TTL_DAYS * 86_400,
    })
    .options({ condition: { attr: 'recordKey', exists: false } });
}
