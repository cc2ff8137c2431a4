import { OCSF_VERSION } from '../ocsf-classes.ts';
import type { DefenderRow, OcsfRecord } from '../types.ts';
import { Columns } from './columns.ts';
import { newEvent, withUnmapped } from './event.ts';
import { evidenceOf } from './idalert-evidence.ts';
import { type FindingColumns, findingInfoOf, severityOf } from './idalert-finding.ts';

export const FINDING_CREATE = 1;
export const FINDING_UPDATE = 2;

export interface FindingSpec extends FindingColumns {
  readonly activityId: number;
  /** AlertInfo rows are the alerts themselves; evidence and behavior rows are not alertable signals. */
  readonly isAlert: boolean;
  /** Whether the row's entity columns become `evidences` (all but AlertInfo). */
  readonly withEvidence: boolean;
}

const CLOUD = ['cloud'] as const;

/**
 * An alert or behavior row → Detection Finding (2004). Undefined when the row lacks the finding's
 * identifier (`finding_info.uid` is required): the caller keeps such a row as a base event.
 */
export function findingRecordOf(row: DefenderRow, spec: FindingSpec): OcsfRecord | undefined {
  const columns = Columns.of(row);
  const info = findingInfoOf(columns, spec);
  if (!info) return undefined;
  const severityId = severityOf(columns);
  const parts = spec.withEvidence ? evidenceOf(columns) : undefined;
  const record = newEvent(row, columns, {
    className: 'detection_finding',
    activityId: spec.activityId,
    severityId,
    profiles: parts?.cloud ? CLOUD : undefined,
  });
  record.finding_info = info;
  if (spec.isAlert) record.is_alert = true;
  if (info.first_seen_time !== undefined) record.start_time = info.first_seen_time;
  if (info.last_seen_time !== undefined) record.end_time = info.last_seen_time;
  if (parts) {
    if (parts.evidence) record.evidences = [parts.evidence];
    if (parts.resource) record.resources = [parts.resource];
    if (parts.malware) record.malware = [parts.malware];
    if (parts.cloud) record.cloud = parts.cloud;
    if (parts.usesWindowsExtension) record.metadata.extensions = [{ name: 'win', uid: '2', version: OCSF_VERSION }];
  }
  return withUnmapped(record, columns);
}
