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

/**
 * Firehose `MetadataExtraction` query (JQ-1.6) over each deaggregated OCSF object. The date comes
 * from the event's own `time` (epoch ms), never from arrival time.
 */
export const PARTITION_JQ_QUERY =
  '{class: (.class_name | ascii_downcase | gsub("[^a-z0-9]+"; "_")), table: .metadata.log_name, dt: (.time / 1000 | floor | strftime("%Y-%m-%d"))}';

/** Firehose S3 prefix built from the keys the JQ query extracts. */
export const FIREHOSE_PARTITIONED_PREFIX = PARTITION_KEY_NAMES.map(
  (k) => `${k}=!{partitionKeyFromQuery:${k}}`,
).join('/') + '/';

/** The same keys in JavaScript, matching {@link PARTITION_JQ_QUERY} exactly. */
export function partitionKeysOf(record: { class_name: string; time: number; metadata: { log_name: string } }): PartitionKeys {
  return {
    class: classPartitionName(record.class_name),
    table: record.metadata.log_name,
    dt: new Date(Math.floor(record.time / 1000) * 1000).toISOString().slice(0, 10),
  };
}

/** `Process Activity` → `process_activity`, the way the JQ query spells it. */
export function classPartitionName(className: string): string {
  return className.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

export function partitionPath(keys: PartitionKeys): string {
  return `class=${keys.class}/table=${keys.table}/dt=${keys.dt}/`;
}
