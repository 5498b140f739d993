import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { AuditEntry } from '../domain/audit';
import { auditWrite } from './audit';
import type { Db } from './db';
import { ParsedPutTransaction } from './parsed-put';

export interface EmergencyGrant {
  grantId: string;
  supervisorId: string;
  supervisorOrganisationId: string;
  childId: string;
  childOrganisationId: string;
  reason: string;
  grantedAt: string;
  expiresAt: number;
}

/** The grant and its audit record land together: no emergency access without its trace. */
export async function grantEmergencyAccess(db: Db, grant: EmergencyGrant, audit: AuditEntry): Promise<void> {
  await executeTransactWrite(db.emergencyGrants.build(ParsedPutTransaction).item(grant), auditWrite(db, audit));
}

/** Whether a supervisor holds unexpired emergency access to a child (TTL deletion lags, so the clock decides). */
export async function hasEmergencyAccess(db: Db, supervisorId: string, childId: string, now: Date): Promise<boolean> {
  const { Item } = await db.emergencyGrants.build(GetItemCommand).key({ supervisorId, childId }).options({ consistent: true }).send();
  return Item !== undefined && Item.expiresAt * 1000 > now.getTime();
}
