import { listConsents as consentsOf } from '../../data/consents';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';

/** Every consent of the child, given or withdrawn. */
export const listConsents = async (deps: Deps, input: { child: Checked<Child> }) => ({ items: await consentsOf(deps.db, input.child.childId) });
