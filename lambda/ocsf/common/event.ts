import { OCSF_CLASSES, OCSF_VERSION, type OcsfClassName } from '../ocsf-classes.ts';
import type { DefenderRow, OcsfMetadata, OcsfRecord } from '../types.ts';
import { column, type Columns } from './columns.ts';
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

const ACTION_TYPE = column('ActionType');
const TIMESTAMP = column('Timestamp');
const REPORT_ID = column('ReportId');

/**
 * The attributes every record shares: class, category, activity and type ids with their captions,
 * severity, the event time and `metadata`. Takes `Timestamp` and `ActionType` from the row.
 * With activity 99 (Other) the raw ActionType is kept as `activity_name`.
 */
export function newEvent(row: DefenderRow, columns: Columns, spec: EventSpec): OcsfRecord {
  const head = eventHeadOf(spec.className, spec.activityId);
  const actionType = columns.text(ACTION_TYPE);
  const activityName =
    (spec.activityId === ACTIVITY_OTHER || spec.activityId === 0) && actionType
      ? actionType
      : head.activityCaption ?? actionType ?? 'Other';
  const originalTime = columns.text(TIMESTAMP);
  const eventTime = columns.time(TIMESTAMP) ?? toEpochMs(row.time) ?? Date.now();
  const metadata: OcsfMetadata = {
    version: OCSF_VERSION,
    uid: rowUid(row),
    log_name: row.table,
    product: productObjectOf(row.table),
  };
  if (row.tenantId) metadata.tenant_uid = row.tenantId;
  const logged = toEpochMs(row.time);
  if (logged !== undefined) metadata.logged_time = logged;
  const processed = toEpochMs(row.receivedTime);
  if (processed !== undefined) metadata.processed_time = processed;
  if (originalTime) metadata.original_time = originalTime;
  if (actionType) metadata.event_code = actionType;
  const reportId = columns.text(REPORT_ID);
  if (reportId) metadata.original_event_uid = reportId;
  if (spec.profiles?.length) metadata.profiles = [...spec.profiles];
  if (head.windowsExtension) metadata.extensions = [{ name: 'win', uid: '2', version: OCSF_VERSION }];
  const severityId = spec.severityId ?? SEVERITY_INFORMATIONAL;
  return {
    class_uid: head.classUid,
    class_name: head.className,
    category_uid: head.categoryUid,
    category_name: head.categoryName,
    activity_id: spec.activityId,
    activity_name: activityName,
    type_uid: head.typeUid,
    type_name: head.typeName ?? `${head.className}: ${activityName}`,
    severity_id: severityId,
    severity: severityCaption(severityId),
    time: eventTime,
    metadata,
  };
}

/** What a class and activity fix in every record, worked out once per pair rather than per row. */
interface EventHead {
  readonly classUid: number;
  readonly className: string;
  readonly categoryUid: number;
  readonly categoryName: string;
  readonly typeUid: number;
  /** The schema's caption of the activity, when it has one. */
  readonly activityCaption: string | undefined;
  /** `<class>: <activity>` when the activity has a caption; otherwise it depends on the row. */
  readonly typeName: string | undefined;
  readonly windowsExtension: boolean;
}

const eventHeads = new Map<OcsfClassName, EventHead[]>();

function eventHeadOf(className: OcsfClassName, activityId: number): EventHead {
  let byActivity = eventHeads.get(className);
  if (!byActivity) eventHeads.set(className, (byActivity = []));
  let head = byActivity[activityId];
  if (!head) {
    const cls = OCSF_CLASSES[className];
    const activities: Readonly<Record<string, string>> = cls.activities;
    const activityCaption = activities[String(activityId)];
    head = {
      classUid: cls.uid,
      className: cls.caption,
      categoryUid: cls.categoryUid,
      categoryName: cls.categoryName,
      typeUid: cls.uid * 100 + activityId,
      activityCaption,
      typeName: activityCaption !== undefined ? `${cls.caption}: ${activityCaption}` : undefined,
      windowsExtension: 'extension' in cls && cls.extension === 'win',
    };
    byActivity[activityId] = head;
  }
  return head;
}

/** One `metadata.product` per table, shared by its records (nothing writes into it). */
const products = new Map<string, OcsfMetadata['product']>();

function productObjectOf(table: string): OcsfMetadata['product'] {
  let product = products.get(table);
  if (!product) {
    if (products.size >= 256) products.clear();
    product = Object.freeze({ name: productOf(table), vendor_name: 'Microsoft', feature: Object.freeze({ name: 'Streaming API' }) });
    products.set(table, product);
  }
  return product;
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
