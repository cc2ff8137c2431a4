import { Columns } from '../common/columns.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { CREATED_PROCESS, INITIATING_PROCESS, processOf } from '../common/process.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const LAUNCH = 1;
const LAUNCH_TYPE_SPAWN = 1;

/** DeviceProcessEvents → Process Activity (1007): the initiating process launches the created one. */
export const deviceProcessEvents: TableMapper = {
  table: 'DeviceProcessEvents',
  classes: ['process_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionType = columns.values.ActionType;
    const activityId = actionType === 'ProcessCreated' ? LAUNCH : ACTIVITY_OTHER;
    const process = processOf(columns, CREATED_PROCESS);
    const actorProcess = processOf(columns, INITIATING_PROCESS);
    const device = deviceOf(columns);
    if (!process || !actorProcess || !device) return baseEventOf(row);
    const record = newEvent(row, columns, { className: 'process_activity', activityId });
    if (activityId === LAUNCH) {
      record.launch_type_id = LAUNCH_TYPE_SPAWN;
      record.launch_type = 'Spawn';
    }
    record.actor = { process: actorProcess };
    record.process = process;
    record.device = device;
    return withUnmapped(record, columns);
  },
};
