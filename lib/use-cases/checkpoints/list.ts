import { listSchedule } from '../../data/checkpoints';
import { pageRequest } from '../../data/pages';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import type { PageQuery } from '../caller';

/** A page of a child's schedule. */
export const listCheckpoints = (deps: Deps, input: { child: Checked<Child>; query: PageQuery }) =>
  listSchedule(deps.db, input.child.childId, pageRequest(input.query, deps.config.maxPageSize));
