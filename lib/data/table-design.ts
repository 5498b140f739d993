/**
 * The key design of the one table, shared by the CDK stack and the local runtime so they cannot drift.
 * docs/data-model.md lists which entity writes which key and the access pattern each index serves.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    /** A case worker's caseload (by case code) and agenda (open checkpoints by due date). */
    { name: 'byCaseWorker', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** The same two lists for a whole organisation, read by supervisors. */
    { name: 'byOrganisation', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * Work the scheduled sweep must do, sparse and sharded: scheduled checkpoints by grace end, open
     * unescalated flags by raise time. An item leaves it when the work is done, so the sweep reads what is
     * due and nothing else.
     */
    { name: 'byDeadline', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /** A municipality's flag inbox, newest first; and the children of an enrolment quarter, for the export. */
    { name: 'byMunicipality', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
  /** Epoch seconds after which DynamoDB deletes an item (idempotency records). */
  timeToLiveAttribute: 'expiresAt',
  localIndexes: [
    /** A child's checkpoints by due date and visits by visit date. */
    { name: 'byDate', sortKey: 'lsi1sk' },
  ],
} as const;

export type GlobalIndexName = (typeof TABLE_DESIGN.globalIndexes)[number]['name'];
export type LocalIndexName = (typeof TABLE_DESIGN.localIndexes)[number]['name'];
