import { OCSF_CLASSES, OCSF_VERSION, type OcsfClassName } from '../ocsf-classes.ts';
import type { DefenderRow, OcsfMetadata, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import { productOf } from './product.ts';
import { rowUid } from './uid.ts';
import { toEpochMs } from './values.ts';

export const SEVERITY_INFORMATIONAL = 1;
export const ACTIVITY_OTHER = 99;

export interface EventSpec {
  readonly className: OcsfClassName;
  readonly activityId: number;
  /** Profiles whose attributes the mapper emits (e.g. `host`). */
  readonly profiles?: readonly string[];
  readonly severityId?: number;
}

/**
 * The attributes every record shares: class, category, activity and type ids with their captions,
 * severity, the event time and `metadata`. Takes `Timestamp` and `ActionType` from the row.
 * With activity 99 (Other) the raw ActionType is kept as `activity_name`.
 */
export function newEvent(row: DefenderRow, columns: Columns, spec: EventSpec): OcsfRecord {
  const cls = OCSF_CLASSES[spec.className];
  const actionType = columns.text('ActionType');
  const activities: Readonly<Record<string, string>> = cls.activities;
  const activityName =
    (spec.activityId === ACTIVITY_OTHER || spec.activityId === 0) && actionType
      ? actionType
      : activities[String(spec.activityId)] ?? actionType ?? 'Other';
  const originalTime = columns.text('Timestamp');
  const eventTime = columns.time('Timestamp') ?? toEpochMs(row.time) ?? Date.now();
  const metadata: OcsfMetadata = {
    version: OCSF_VERSION,
    uid: rowUid(row),
    log_name: row.table,
    product: { name: productOf(row.table), vendor_name: 'Microsoft', feature: { name: 'Streaming API' } },
  };
  if (row.tenantId) metadata.tenant_uid = row.tenantId;
  const logged = toEpochMs(row.time);
  if (logged !== undefined) metadata.logged_time = logged;
  const processed = toEpochMs(row.receivedTime);
  if (processed !== undefined) metadata.processed_time = processed;
  if (originalTime) metadata.original_time = originalTime;
  if (actionType) metadata.event_code = actionType;
  const reportId = columns.text('ReportId');
  if (reportId) metadata.original_event_uid = reportId;
  if (spec.profiles?.length) metadata.profiles = [...spec.profiles];
  if ('extension' in cls && cls.extension === 'win') metadata.extensions = [{ name: 'win', uid: '2', version: OCSF_VERSION }];
  return {
    class_uid: cls.uid,
    class_name: cls.caption,
    category_uid: cls.categoryUid,
    category_name: cls.categoryName,
    activity_id: spec.activityId,
    activity_name: activityName,
    type_uid: cls.uid * 100 + spec.activityId,
    type_name: `${cls.caption}: ${activities[String(spec.activityId)] ?? activityName}`,
    severity_id: spec.severityId ?? SEVERITY_INFORMATIONAL,
    severity: severityCaption(spec.severityId ?? SEVERITY_INFORMATIONAL),
    time: eventTime,
    metadata,
  };
}

/** Attaches every column the mapper did not place in a typed attribute under `unmapped`. */
export function withUnmapped(record: OcsfRecord, columns: Columns): OcsfRecord {
  const rest = columns.leftovers();
  if (rest) record.unmapped = rest;
  return record;
}

const SEVERITY_CAPTIONS: Readonly<Record<number, string>> = {
  0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical', 6: 'Fatal', 99: 'Other',
};

function severityCaption(id: number): string {
  return SEVERITY_CAPTIONS[id] ?? 'Other';
}
