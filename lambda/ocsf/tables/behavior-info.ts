import { FINDING_CREATE, findingRecordOf } from '../common/idalert-finding-record.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/**
 * BehaviorInfo → Detection Finding (2004) Create. A behavior is an analytics result without an alert
 * lifecycle, so it is not `is_alert`. `BehaviorId` is `finding_info.uid`; the behavior type
 * (`ActionType`, also `metadata.event_code`) names the analytic, whatever its value: it is the kind of
 * finding, not an activity. `StartTime`/`EndTime` bound the activity; the device and account the
 * behavior concerns are its evidence.
 */
export const behaviorInfo: TableMapper = {
  table: 'BehaviorInfo',
  classes: ['detection_finding', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    return findingRecordOf(row, SPEC) ?? baseEventOf(row);
  },
};

const SPEC = { uid: 'BehaviorId', analyticName: 'ActionType', activityId: FINDING_CREATE, isAlert: false, withEvidence: true } as const;
