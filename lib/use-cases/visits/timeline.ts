import { allAssessments } from '../../data/visits';
import type { Deps } from '../../deps';
import { timelineOf } from '../../domain/assessments';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';

/** Per domain, every level of the child from the baseline on, in judging order, and the latest one. */
export async function getTimeline(deps: Deps, input: { child: Checked<Child> }) {
  const points = await allAssessments(deps.db, input.child.childId);
  return { childId: input.child.childId, domains: timelineOf(input.child, points) };
}
