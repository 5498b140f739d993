import type { Child } from '../domain/case';
import type { Flag } from '../domain/flags';
import { caseRecords, findCase, findChild } from './cases';
import type { Db } from './db';
import { findFlag } from './flags';
import { findReferral } from './referrals';
import { findCaseSnapshot } from './visits';

/**
 * How a route's record is read for the shared handler: the child alone, or with the parts of its partition the
 * route needs, in the one query the route would make anyway (the scope check costs no round trip).
 */
export const CHILD_LOADERS = {
  child: async (db: Db, childId: string) => ({ child: await findChild(db, childId) }),
  /** The child and its flags (one query from CHILD to the end of the flags). */
  childWithFlags: async (db: Db, childId: string) => {
    const { child, flags } = await caseRecords(db, childId, 'CHILD');
    return { child, flags };
  },
  /** The child, its whole schedule and its flags: what a change of the case must see. */
  case: findCase,
  /** All of `case` and the assessments: what judging a visit needs. */
  caseSnapshot: async (db: Db, childId: string) => {
    const { child, ...rest } = await findCaseSnapshot(db, childId);
    return { child, ...rest };
  },
} satisfies Record<string, (db: Db, childId: string) => Promise<{ child: Child | undefined }>>;

export type ChildLoad = keyof typeof CHILD_LOADERS;
export type ChildRecords<L extends ChildLoad> = Awaited<ReturnType<(typeof CHILD_LOADERS)[L]>>;

export const loadFlag = (db: Db, flagId: string): Promise<{ flag: Flag | undefined; child: Child | undefined }> => findFlag(db, flagId);

export const loadReferral = findReferral;
