import type { Checkpoint, Child } from '../domain/case';
import type { Flag } from '../domain/flags';
import { isPending, type Referral } from '../domain/referrals';
import { isOpen } from '../domain/schedule';
import { keys, shardOf, type FlagShelf } from './keys';

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

/**
 * Only open checkpoints carry agenda keys, and only scheduled ones the sweep's deadline keys, so the agenda indexes hold nothing else (sparse indexes). */
export function checkpointItem(checkpoint: Checkpoint) {
  const agendaSort = keys.agendaSort(checkpoint.dueOn, checkpoint.checkpointId);
  return {
    ...checkpoint,
    lsi1sk: keys.scheduleSort(checkpoint.dueOn, checkpoint.checkpointId),
    ...(checkpoint.status === 'scheduled'
      ? {
          gsi3pk: keys.dueCheckpoints(shardOf(checkpoint.childId)),
          gsi3sk: keys.dueCheckpointSort(checkpoint.graceEndsOn, checkpoint.childId, checkpoint.checkpointId),
        }
      : {}),
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


/**
 * A flag is listed for its case worker, organisation and municipality, on the active or the resolved shelf;
 * while it is open and not escalated it also waits in the sweep's escalation index.
 */
export function flagItem(flag: Flag) {
  const shelf: FlagShelf = flag.status === 'resolved' ? 'resolved' : 'active';
  const sort = keys.flagSort(flag.raisedAt, flag.flagId);
  return {
    ...flag,
    gsi1pk: keys.flagsOfWorker(flag.caseWorkerId, shelf),
    gsi1sk: sort,
    gsi2pk: keys.flagsOfOrganisation(flag.organisationId, shelf),
    gsi2sk: sort,
    gsi4pk: keys.flagsOfMunicipality(flag.municipalityId, shelf),
    gsi4sk: sort,
    ...(flag.status === 'open' && !flag.escalatedAt
      ? {
          gsi3pk: keys.unacknowledgedFlags(shardOf(flag.childId)),
          gsi3sk: keys.unacknowledgedFlagSort(flag.raisedAt, flag.childId, flag.subject),
        }
      : {}),
  };
}

/**
 * A referral to a municipal service is listed for that municipality, pending apart from settled; while it is
 * pending and not yet flagged overdue it also waits in the sweep's deadline index, by due day.
 */
export function referralItem(referral: Referral) {
  const pending = isPending(referral.status);
  return {
    ...referral,
    ...(referral.providerKind === 'municipality'
      ? {
          gsi4pk: keys.referralsOfMunicipality(referral.municipalityId, pending ? 'pending' : 'settled'),
          gsi4sk: keys.referralSort(referral.requestedAt, referral.referralId),
        }
      : {}),
    ...(pending && !referral.overdueFlaggedAt
      ? {
          gsi3pk: keys.dueReferrals(shardOf(referral.childId)),
          gsi3sk: keys.dueReferralSort(referral.dueBy, referral.childId, referral.referralId),
        }
      : {}),
  };
}
