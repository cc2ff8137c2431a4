import { FINDING_UPDATE, findingRecordOf } from '../common/idalert-finding-record.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/**
 * BehaviorEntities → Detection Finding (2004) Update: one entity of behavior `BehaviorId` per row, placed
 * in `evidences` as for AlertEvidence. `EntityRole` / `DetailedEntityRole` have no OCSF home and stay
 * under `unmapped`.
 */
export const behaviorEntities: TableMapper = {
  table: 'BehaviorEntities',
  classes: ['detection_finding', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    return findingRecordOf(row, SPEC) ?? baseEventOf(row);
  },
};

const SPEC = { uid: 'BehaviorId', analyticName: 'ActionType', activityId: FINDING_UPDATE, isAlert: false, withEvidence: true } as const;
