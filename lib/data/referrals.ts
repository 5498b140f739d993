import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import type { Child } from '../domain/case';
import type { Flag } from '../domain/flags';
import type { Referral } from '../domain/referrals';
import { auditWrite } from './audit';
import type { Db } from './db';
import { flagWrites } from './flags';
import { referralItem } from './items';
import { keys, type ReferralShelf } from './keys';
import { knownMunicipality } from './municipalities';
import { pageOf, startKey, type Page, type PageRequest } from './pages';
import { storeAnswer, storedAnswer, type IdempotentRequest, type StoredAnswer } from './idempotency';
import { failedConditionIndex } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

/** Why a new referral was not written: its consent was withdrawn meanwhile, or its municipality is unknown. */
export type RequestRefusal = 'consentWithdrawn' | 'unknownMunicipality';

/**
 * A new referral with its locator and audit records and, with an idempotency key, the answer, in one transaction.
 * The consent it rests on is checked to be still not withdrawn inside the same write (a withdrawal between the read
 * and the write wins), and a municipal referral's municipality to be known. A concurrent first attempt with the
 * same key wins: its answer is returned, and nothing is referred twice.
 */
export async function saveNewReferral(
  db: Db,
  referral: Referral,
  audits: readonly AuditEntry[],
  answer: StoredAnswer,
  idempotency: { request: IdempotentRequest; at: Date } | undefined,
): Promise<{ refusal: RequestRefusal } | { answer: StoredAnswer; replayed: boolean }> {
  const once = idempotency ? [storeAnswer(db, idempotency.request, answer, idempotency.at)] : [];
  const checks = [
    ...(referral.basis.kind === 'consent'
      ? [{ refusal: 'consentWithdrawn' as const, item: db.consents.build(ConditionCheck).key({ childId: referral.childId, consentId: referral.basis.consentId }).condition({ attr: 'withdrawal', exists: false }) }]
      : []),
    ...(referral.providerKind === 'municipality' ? [{ refusal: 'unknownMunicipality' as const, item: knownMunicipality(db, referral.municipalityId) }] : []),
  ];
  try {
    await executeTransactWrite(
      ...once,
      ...checks.map((check) => check.item),
      db.referrals.build(ParsedPutTransaction).item(referralItem(referral)).options({ condition: { attr: 'referralId', exists: false } }),
      db.referralLocators.build(ParsedPutTransaction).item({ referralId: referral.referralId, childId: referral.childId }).options({ condition: { attr: 'referralId', exists: false } }),
      ...audits.map((entry) => auditWrite(db, entry)),
    );
    return { answer, replayed: false };
  } catch (error) {
    const failed = failedConditionIndex(error);
    const first = idempotency && failed === 0 ? await storedAnswer(db, idempotency.request) : undefined;
    if (first) return { answer: first, replayed: true };
    const check = failed === undefined ? undefined : checks[failed - once.length];
    if (check) return { refusal: check.refusal };
    throw error;
  }
}

/** A referral by its id, with its child: the locator names the child, then both are read in one consistent batch. */
export async function findReferral(db: Db, referralId: string): Promise<{ referral: Referral | undefined; child: Child | undefined }> {
  const { Item: locator } = await db.referralLocators.build(GetItemCommand).key({ referralId }).options({ consistent: true }).send();
  if (!locator) return { referral: undefined, child: undefined };
  const command = db.table
    .build(BatchGetCommand)
    .requests(
      db.referrals.build(BatchGetRequest).key({ childId: locator.childId, referralId }),
      db.children.build(BatchGetRequest).key({ childId: locator.childId }),
    )
    .options({ consistent: true });
  const { Responses } = await executeBatchGet({ maxAttempts: 5 }, command);
  const [referral, child] = Responses[0] ?? [];
  return { referral, child };
}

/** A referral of a known child. */
export async function findChildReferral(db: Db, childId: string, referralId: string): Promise<Referral | undefined> {
  const { Item } = await db.referrals.build(GetItemCommand).key({ childId, referralId }).options({ consistent: true }).send();
  return Item;
}

/** Every referral of a child, oldest first (ULIDs sort by time). */
export async function listChildReferrals(db: Db, childId: string): Promise<Referral[]> {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ partition: keys.child(childId).pk, range: { beginsWith: keys.referralPrefix } })
    .entities(db.referrals)
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items;
}

/** One page of the referrals to a municipality's services, newest first. */
export async function listMunicipalReferrals(db: Db, municipalityId: string, shelf: ReferralShelf, page: PageRequest): Promise<Page<Referral>> {
  const partition = keys.referralsOfMunicipality(municipalityId, shelf);
  const exclusiveStartKey = startKey(page, { gsi4pk: partition });
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ index: 'byMunicipality', partition })
    .entities(db.referrals)
    .options({ limit: page.limit, reverse: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}

/**
 * A change of a referral, with any flags it raises and its audit record, on the condition that the referral is as
 * it was read. False when it changed meanwhile: nothing was written.
 */
export async function saveReferralChange(
  db: Db,
  change: { referral: Referral; updatedAtRead: string; raised?: readonly Flag[] },
  audit: AuditEntry,
  options: { capacity?: 'TOTAL' } = {},
) {
  try {
    const response = await executeTransactWrite(
      options,
      db.referrals.build(ParsedPutTransaction).item(referralItem(change.referral)).options({ condition: { attr: 'updatedAt', eq: change.updatedAtRead } }),
      ...flagWrites(db, change.raised ?? [], []),
      auditWrite(db, audit),
    );
    return { saved: true as const, response };
  } catch (error) {
    if (failedConditionIndex(error) !== undefined) return { saved: false as const };
    throw error;
  }
}
