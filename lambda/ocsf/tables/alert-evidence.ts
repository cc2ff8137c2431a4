import { FINDING_UPDATE, findingRecordOf } from '../common/idalert-finding-record.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/**
 * AlertEvidence → Detection Finding (2004) Update: each row adds one entity of alert `AlertId` (the
 * AlertInfo row's `finding_info.uid`) as an `evidences` entry, named by `EntityType`: a file, a process
 * (pid from `AdditionalFields`), a device, a user, an IP or URL (`EvidenceDirection` picks the side), a
 * mail message, a registry key or value, an application. Cloud resources go to `resources` and their
 * subscription to `cloud` (profile `cloud`), `ThreatFamily` to `malware`. The alert's own columns
 * repeat on every row and fill `finding_info` as on AlertInfo.
 */
export const alertEvidence: TableMapper = {
  table: 'AlertEvidence',
  classes: ['detection_finding', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    return findingRecordOf(row, SPEC) ?? baseEventOf(row);
  },
};

const SPEC = { uid: 'AlertId', analyticName: 'Title', activityId: FINDING_UPDATE, isAlert: false, withEvidence: true } as const;
