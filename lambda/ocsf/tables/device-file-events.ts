import { column, Columns } from '../common/columns.ts';
import { ADDITIONAL_FIELDS, UNIQUE_EVENTS_AGGREGATED } from '../common/shared-columns.ts';
import { initiatingProcessOf } from '../common/dev1-actor.ts';
import { EVENT_FILE, fileOf, type FileColumns } from '../common/dev1-file.ts';
import { lookupTable } from '../common/lookup.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { userOf, type UserColumns } from '../common/user.ts';
import { toBoolean } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const CREATE = 1;
const UPDATE = 3;
const DELETE = 4;
const RENAME = 5;

const ACTIVITIES = lookupTable<number>({
  FileCreated: CREATE,
  FileModified: UPDATE,
  FileDeleted: DELETE,
  FileRenamed: RENAME,
  FileCreatedAggregatedReport: CREATE,
  FileModifiedAggregatedReport: UPDATE,
  FileRenamedAggregatedReport: RENAME,
});

/** The file before a rename. Only names and path: the content (hashes, size) is the renamed file's. */
const PREVIOUS_FILE: FileColumns = { name: 'PreviousFileName', path: 'PreviousFolderPath' };

/** The remote (SMB/NFS) account that asked for the operation; the initiating process is then System. */
const REQUEST_ACCOUNT: UserColumns = { name: column('RequestAccountName'), domain: column('RequestAccountDomain'), sid: column('RequestAccountSid') };

/**
 * DeviceFileEvents → File System Activity (1001). A rename follows OCSF: `file` is the file as it
 * was (previous name and folder, with the content's hashes and size) and `file_result` the file as
 * it is now. `actor` is the initiating process plus, for remote requests, the requesting account.
 */
export const deviceFileEvents: TableMapper = {
  table: 'DeviceFileEvents',
  classes: ['file_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionType = columns.values.ActionType;
    const activityId = (typeof actionType === 'string' ? ACTIVITIES[actionType] : undefined) ?? ACTIVITY_OTHER;
    const current = fileOf(columns, EVENT_FILE);
    if (current) {
      // Mark-of-the-Web origin; anything that is not a URL (a UNC path, `about:` text) stays raw.
      const origin = columns.values.FileOriginUrl;
      if (typeof origin === 'string' && origin.includes(':') && URL.canParse(origin)) {
        columns.take('FileOriginUrl');
        current.url = { url_string: origin };
      }
      // Only `true` says something about encryption; `false` (not AIP-protected) stays raw.
      if (toBoolean(columns.values.IsAzureInfoProtectionApplied) === true) {
        columns.take('IsAzureInfoProtectionApplied');
        current.is_encrypted = true;
      }
    }
    let file = current;
    let fileResult: Record<string, unknown> | undefined;
    if (activityId === RENAME && current) {
      // A move keeps the name: without PreviousFileName the current name applies to the old folder.
      const previous = fileOf(columns, PREVIOUS_FILE, current.name as string);
      if (previous) {
        file = moveContent(current, previous);
        fileResult = current;
      }
    }
    const actorProcess = initiatingProcessOf(columns);
    const actorUser = userOf(columns, REQUEST_ACCOUNT);
    const device = deviceOf(columns);
    if (!file || !device || (!actorProcess && !actorUser)) return baseEventOf(row);

    const record = newEvent(row, columns, { className: 'file_activity', activityId });
    const fields = columns.object(ADDITIONAL_FIELDS);
    const count = fields?.int(UNIQUE_EVENTS_AGGREGATED);
    if (count !== undefined) record.count = count;
    const actor: Record<string, unknown> = {};
    if (actorProcess) actor.process = actorProcess;
    if (actorUser) actor.user = actorUser;
    record.actor = actor;
    record.device = device;
    record.file = file;
    if (fileResult) record.file_result = fileResult;
    return withUnmapped(record, columns);
  },
};

/** What describes a file's content rather than its name. */
const CONTENT_ATTRIBUTES = ['size', 'hashes', 'url', 'is_encrypted'] as const;

/** Moves the content attributes from the renamed file to the original one. */
function moveContent(renamed: Record<string, unknown>, original: Record<string, unknown>): Record<string, unknown> {
  for (const key of CONTENT_ATTRIBUTES) {
    if (renamed[key] !== undefined) {
      original[key] = renamed[key];
      delete renamed[key];
    }
  }
  return original;
}
