import { refreshOutcome } from '../../data/outcomes';
import { freshness, type ProjectorDeps } from '../../deps';

/**
 * Keeps the outcome projection in step with the records: a change to a child, a checkpoint or a flag refreshes that
 * child's share of the outcome tables. The refresher of one batch refreshes each child once, however many of its
 * records the batch holds; its dependencies are built only when a record names a child.
 */
export function outcomeRefresher(deps: () => ProjectorDeps): (childId: string) => Promise<void> {
  const refreshes = new Map<string, Promise<void>>();
  return (childId) => {
    if (!refreshes.has(childId)) {
      const projector = deps();
      refreshes.set(childId, refreshOutcome(projector.db, childId, freshness(projector)));
    }
    return refreshes.get(childId)!;
  };
}
