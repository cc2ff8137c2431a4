/** Top-level prefixes of the forwarder's bucket; each has its own grants and lifecycle rule. */
export const BUCKET_PREFIXES = {
  /** OCSF records written by Firehose, partitioned by class, table and day. */
  ocsf: 'ocsf/',
  /** Records Firehose could not partition or deliver. */
  errors: 'errors/',
  /** Rows the function could not map, kept with the reason. */
  deadLetter: 'dead-letter/',
  /** The function's checkpoints and its lease (`state/lease.json`). */
  state: 'state/',
  /** Athena query results of the forwarder's workgroup. */
  athenaResults: 'athena-results/',
} as const;

/** `prefix` without its trailing slash, as the runtime's `s3://<bucket>/<prefix>` URIs spell it. */
export function uriPrefix(prefix: string): string {
  return prefix.replace(/\/$/, '');
}
