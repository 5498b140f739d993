import type { DynamoDBRecord } from 'aws-lambda';
import { childOfRecord } from '../../../lib/events/records';

const record = (pk: string, entity: string, image: 'NewImage' | 'OldImage' = 'NewImage'): DynamoDBRecord => ({
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: 'X' } }, [image]: { _et: { S: entity } } },
});

describe('which stream records refresh a child’s outcome row', () => {
  it.each(['Child', 'Checkpoint', 'Flag', 'Referral'])('a change of a %s item of a child refreshes that child', (entity) => {
    expect(childOfRecord(record('CHILD#01JCHILD', entity))).toBe('01JCHILD');
  });

  it('a referral’s change reaches its child’s figures from the old image too (a removal)', () => {
    expect(childOfRecord(record('CHILD#01JCHILD', 'Referral', 'OldImage'))).toBe('01JCHILD');
  });

  it('a change of a child’s plan, in the plan’s own partition, refreshes that child (its current-plan figures)', () => {
    expect(childOfRecord(record('PLAN#01JCHILD', 'Plan'))).toBe('01JCHILD');
  });

  it('a plan’s kept versions and agenda entries do not: the current plan says it all', () => {
    for (const entity of ['PlanVersion', 'PlanAgendaEntry']) expect(childOfRecord(record('PLAN#01JCHILD', entity))).toBeUndefined();
  });

  it('visits, consents, audit records and locators do not: they move no figure', () => {
    for (const entity of ['Visit', 'Consent', 'AuditEntry', 'ReferralLocator', 'OutcomeRow']) expect(childOfRecord(record('CHILD#01JCHILD', entity))).toBeUndefined();
    expect(childOfRecord(record('REFERRAL#01JREF', 'ReferralLocator'))).toBeUndefined();
  });
});
