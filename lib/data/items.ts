import type { Checkpoint, Child } from '../domain/case';
import { isOpen } from '../domain/schedule';
import { keys } from './keys';

/** The stored form of a child: the record plus the keys of the caseload indexes, derived, never edited. */
export function childItem(child: Child) {
  return {
    ...child,
    gsi1pk: keys.caseloadOfWorker(child.caseWorkerId, child.status),
    gsi1sk: child.caseCode,
    gsi2pk: keys.caseloadOfOrganisation(child.organisationId, child.status),
    gsi2sk: child.caseCode,
  };
}

/** Only open checkpoints carry agenda keys, so the agenda indexes hold nothing else (sparse indexes). */
export function checkpointItem(checkpoint: Checkpoint) {
  const agendaSort = keys.agendaSort(checkpoint.dueOn, checkpoint.checkpointId);
  return {
    ...checkpoint,
    lsi1sk: keys.scheduleSort(checkpoint.dueOn, checkpoint.checkpointId),
    ...(isOpen(checkpoint.status)
      ? {
          gsi1pk: keys.agendaOfWorker(checkpoint.caseWorkerId),
          gsi1sk: agendaSort,
          gsi2pk: keys.agendaOfOrganisation(checkpoint.organisationId),
          gsi2sk: agendaSort,
        }
      : {}),
  };
}

