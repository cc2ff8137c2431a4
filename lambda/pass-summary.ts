/** What one pass did. `rowsRead = recordsDelivered + deadLettered + filtered` always holds. */
export interface PassSummary {
  /** Complete, non-blank lines consumed. */
  rowsRead: number;
  /** OCSF records acknowledged by the sink (not Firehose records). */
  recordsDelivered: number;
  deadLettered: number;
  /** Rows skipped by a filter (tenant allow-list). */
  filtered: number;
  bytesRead: number;
  blobsRead: number;
  blobsListed: number;
  /** Tables seen in this pass that have no mapper yet (their rows flow as `base_event`). */
  newTables: string[];
  azureRequests: { list: number; read: number; total: number };
  /** Blobs another pass advanced first; their rows may repeat, never vanish. */
  checkpointConflicts: number;
  fullSweep: boolean;
  /** True when the pass stopped at its deadline with work left for the next one. */
  stoppedAtDeadline: boolean;
  durationMs: number;
  /** Per table: rows read, records delivered by OCSF class, newest event time delivered. */
  tables: Record<string, { rows: number; classes: Record<string, number>; newestEventTime?: string; lagSeconds?: number }>;
}

export function emptySummary(): PassSummary {
  return {
    rowsRead: 0,
    recordsDelivered: 0,
    deadLettered: 0,
    filtered: 0,
    bytesRead: 0,
    blobsRead: 0,
    blobsListed: 0,
    newTables: [],
    azureRequests: { list: 0, read: 0, total: 0 },
    checkpointConflicts: 0,
    fullSweep: false,
    stoppedAtDeadline: false,
    durationMs: 0,
    tables: {},
  };
}
