import { FINDING_CREATE, findingRecordOf } from '../common/idalert-finding-record.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/**
 * AlertInfo → Detection Finding (2004) Create, `is_alert`: `AlertId` is `finding_info.uid`, `Title` the
 * title and the analytic's name, `Category` a type, `ServiceSource` the product, `DetectionSource` the
 * analytic's category, `AttackTechniques` the MITRE `attacks`, `Severity` the severity. The alert's
 * entities arrive as AlertEvidence rows with the same `finding_info.uid`.
 */
export const alertInfo: TableMapper = {
  table: 'AlertInfo',
  classes: ['detection_finding', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    return findingRecordOf(row, SPEC) ?? baseEventOf(row);
  },
};

const SPEC = { uid: 'AlertId', analyticName: 'Title', activityId: FINDING_CREATE, isAlert: true, withEvidence: false } as const;
