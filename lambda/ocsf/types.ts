/** A row as it leaves envelope parsing: the Advanced Hunting columns plus what the envelope said. */
export interface DefenderRow {
  /** Table name, from `category` without `AdvancedHunting-` (e.g. `DeviceProcessEvents`). */
  readonly table: string;
  /** `tenantId` from the envelope. */
  readonly tenantId: string;
  /** Envelope `time`: when Defender received or exported the event (ISO string, as sent). */
  readonly time?: string;
  /** Envelope `_TimeReceivedBySvc`, when present. */
  readonly receivedTime?: string;
  /** The Advanced Hunting columns. Integers beyond 2^53 arrive as decimal strings (kept exactly). */
  readonly properties: Record<string, unknown>;
  /**
   * The `properties` object's text exactly as read from the line (or its UTF-8 bytes), when it
   * could be located: the uid hashes it.
   */
  readonly propertiesText?: string | Uint8Array | undefined;
}

/** An OCSF 1.8.0 event as a plain JSON object. */
export interface OcsfRecord {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name?: string;
  type_uid: number;
  type_name?: string;
  severity_id: number;
  time: number;
  metadata: OcsfMetadata;
  unmapped?: Record<string, unknown>;
  [attribute: string]: unknown;
}

export interface OcsfMetadata {
  version: string;
  uid: string;
  log_name: string;
  product: { name: string; vendor_name: string; feature?: { name: string } };
  tenant_uid?: string;
  logged_time?: number;
  processed_time?: number;
  original_time?: string;
  event_code?: string;
  profiles?: string[];
  extensions?: { name: string; uid: string; version: string }[];
  [attribute: string]: unknown;
}

/** Maps the rows of one Defender table. Pure and synchronous: it may throw on a value it cannot handle. */
export interface TableMapper {
  readonly table: string;
  /** OCSF class names (snake_case) this mapper can emit. */
  readonly classes: readonly string[];
  map(row: DefenderRow): OcsfRecord;
}
