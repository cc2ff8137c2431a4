import { OCSF_CLASSES } from '../ocsf/ocsf-classes.ts';

/**
 * The one definition of the output layout, shared by the file/S3 sinks, the Firehose stream's
 * dynamic partitioning (CDK) and the Athena tables' partition projection:
 * `class=<snake_case class name>/table=<Defender table>/dt=<YYYY-MM-DD of the event time, UTC>/`.
 */
export interface PartitionKeys {
  readonly class: string;
  readonly table: string;
  readonly dt: string;
}

export const PARTITION_KEY_NAMES = ['class', 'table', 'dt'] as const;

/** OCSF class_uid → class name (`1007` → `process_activity`): captions differ from names, so look names up. */
const CLASS_NAMES_BY_UID: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(OCSF_CLASSES).map(([name, info]) => [String(info.uid), name]),
);

/**
 * Firehose `MetadataExtraction` query (JQ-1.6) over each deaggregated OCSF object. The class name is
 * looked up from `class_uid`; the date comes from the event's own `time` (epoch ms), never from
 * arrival time.
 */
export const PARTITION_JQ_QUERY =
  `{class: (${JSON.stringify(CLASS_NAMES_BY_UID)}[.class_uid | tostring] // "unknown_class"), ` +
  'table: .metadata.log_name, dt: (.time / 1000 | floor | strftime("%Y-%m-%d"))}';

/** Firehose S3 prefix built from the keys the JQ query extracts. */
export const FIREHOSE_PARTITIONED_PREFIX = PARTITION_KEY_NAMES.map(
  (k) => `${k}=!{partitionKeyFromQuery:${k}}`,
).join('/') + '/';

/** The same keys in JavaScript, matching {@link PARTITION_JQ_QUERY} exactly. */
export function partitionKeysOf(record: { class_uid: number; time: number; metadata: { log_name: string } }): PartitionKeys {
  return {
    class: CLASS_NAMES_BY_UID[String(record.class_uid)] ?? 'unknown_class',
    table: record.metadata.log_name,
    dt: utcDateOf(record.time),
  };
}

const DAY_MS = 86_400_000;
/** The last day formatted: records of a pass mostly share a few days, so most lookups skip the Date. */
let lastDay = Number.NaN;
let lastDate = '';

/** `YYYY-MM-DD` (UTC) of epoch milliseconds, as JQ's `.time / 1000 | floor | strftime("%Y-%m-%d")` gives it. */
function utcDateOf(timeMs: number): string {
  const day = Math.floor(timeMs / DAY_MS);
  if (day !== lastDay) {
    lastDate = new Date(Math.floor(timeMs / 1000) * 1000).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

export function partitionPath(keys: PartitionKeys): string {
  return `class=${keys.class}/table=${keys.table}/dt=${keys.dt}/`;
}
