import { Columns } from '../common/columns.ts';
import { initiatingProcessOf } from '../common/dev1-actor.ts';
import { EVENT_FILE, fileOf } from '../common/dev1-file.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const LOAD = 1;

/**
 * DeviceImageLoadEvents → Module Activity (1005): the initiating process loads the image. Defender
 * does not say how the image was loaded (LoadLibrary, manual mapping, ...), so `load_type_id` is 0
 * (Unknown); it must be present because a module needs `load_type_id` or `function_name`.
 */
export const deviceImageLoadEvents: TableMapper = {
  table: 'DeviceImageLoadEvents',
  classes: ['module_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const activityId = columns.values.ActionType === 'ImageLoaded' ? LOAD : ACTIVITY_OTHER;
    const file = fileOf(columns, EVENT_FILE);
    const actorProcess = initiatingProcessOf(columns);
    const device = deviceOf(columns);
    if (!file || !actorProcess || !device) return baseEventOf(row);
    const record = newEvent(row, columns, { className: 'module_activity', activityId });
    record.actor = { process: actorProcess };
    record.device = device;
    record.module = { file, load_type_id: 0, load_type: 'Unknown' };
    return withUnmapped(record, columns);
  },
};
