/** What a DynamoDB response says of the capacity it consumed (asked for with `ReturnConsumedCapacity`). */
export interface ConsumedCapacityOf {
  ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
}

/** The capacity units of one response, whether it reports one table or several (batches, transactions). */
export function capacityUnitsOf(response: ConsumedCapacityOf): number {
  return [response.ConsumedCapacity ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}
