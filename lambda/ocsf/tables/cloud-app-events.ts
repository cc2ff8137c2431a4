import { Columns } from '../common/columns.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import {
  crudActivityOf, FILE_HOSTING_ACTIVITIES, FILE_HOSTING_SHARE, SIGN_IN_OUTCOMES, WEB_RESOURCES_SHARE,
} from '../common/mail-cloud-activity.ts';
import { accountUserOf, clientEndpointOf, hostedFileOf, resourcesOf } from '../common/mail-cloud-entities.ts';
import {
  PROFILE_HOST, setOtherStatus, setStatus, STATUS_FAILURE, STATUS_SUCCESS, statusShows,
} from '../common/mail-verdict.ts';
import { compact } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const LOGON = 1;
const PROFILES_HOST = [PROFILE_HOST];

/** `dynamic` object columns with no OCSF home: decoded, so they land under `unmapped` as objects either way they arrive. */
const DYNAMIC_OBJECTS = ['AdditionalFields', 'SessionData', 'LastSeenForUser'];

const RESULT_STATUSES: Readonly<Record<string, number>> = {
  Succeeded: STATUS_SUCCESS, Success: STATUS_SUCCESS, True: STATUS_SUCCESS,
  Failed: STATUS_FAILURE, Failure: STATUS_FAILURE, False: STATUS_FAILURE,
};

/**
 * CloudAppEvents (Defender for Cloud Apps / Microsoft 365 audit) → by what the row can fill:
 * - sign-ins (`UserLoggedIn`, `UserLoginFailed`) → Authentication (3002) Logon;
 * - SharePoint/OneDrive file actions on a named file → File Hosting Activity (6006);
 * - every other activity with a client IP and an actor → API Activity (6003), CRUD activity from the
 *   ActionType's verb, `api.operation` = ActionType;
 * - activities without a client IP (Microsoft services acting on their own) → Web Resources Activity
 *   (6001), which does not require the `src_endpoint` the other two do;
 * - anything else → base_event.
 * `RawEventData` (the app's own audit record) is decoded: the keys taken here (`UserId`, `ClientIP`,
 * `ResultStatus`, the SharePoint file keys) leave it; the rest stays under `unmapped.RawEventData`.
 */
export const cloudAppEvents: TableMapper = {
  table: 'CloudAppEvents',
  classes: ['api_activity', 'file_hosting', 'authentication', 'web_resources_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionType = columns.values.ActionType;
    if (typeof actionType !== 'string' || actionType === '') return baseEventOf(row);
    const raw = columns.object('RawEventData');

    const signInStatus = SIGN_IN_OUTCOMES[actionType];
    if (signInStatus !== undefined && (columns.has('Application') || columns.has('ApplicationId'))) {
      const user = accountUserOf(columns, raw);
      if (user) return finish(signInOf(row, columns, raw, user, signInStatus), columns, raw);
    }

    const endpoint = clientEndpointOf(columns, raw);
    const user = accountUserOf(columns, raw);
    const appUid = columns.text('OAuthAppId');
    const actor = user || appUid ? compact({ user, app_uid: appUid }) : undefined;
    if (endpoint && actor) {
      const fileActivity = FILE_HOSTING_ACTIVITIES[actionType];
      const file = fileActivity !== undefined ? hostedFileOf(columns, raw) : undefined;
      const record = file
        ? newEvent(row, columns, { className: 'file_hosting', activityId: fileActivity! })
        : newEvent(row, columns, { className: 'api_activity', activityId: crudActivityOf(actionType) });
      record.actor = actor;
      record.src_endpoint = endpoint;
      if (file) {
        record.file = file;
        setHostingService(record, columns);
      } else {
        record.api = compact({ operation: actionType, service: serviceOf(columns) });
        const resources = resourcesOf(columns, true);
        if (resources) record.resources = resources;
      }
      return finish(record, columns, raw);
    }

    const resources = resourcesOf(columns, false);
    if (!resources) return baseEventOf(row);
    const activityId = FILE_HOSTING_ACTIVITIES[actionType] === FILE_HOSTING_SHARE ? WEB_RESOURCES_SHARE : crudActivityOf(actionType);
    const record = newEvent(row, columns, {
      className: 'web_resources_activity',
      activityId,
      profiles: actor ? PROFILES_HOST : undefined,
    });
    record.web_resources = resources;
    if (actor) record.actor = actor;
    if (endpoint) record.src_endpoint = endpoint;
    setHostingService(record, columns);
    return finish(record, columns, raw);
  },
};

function signInOf(
  row: DefenderRow,
  columns: Columns,
  raw: Columns | undefined,
  user: Record<string, unknown>,
  statusId: number,
): OcsfRecord {
  const record = newEvent(row, columns, { className: 'authentication', activityId: LOGON });
  record.user = user;
  record.service = serviceOf(columns);
  const endpoint = clientEndpointOf(columns, raw);
  if (endpoint) record.src_endpoint = endpoint;
  const appUid = columns.text('OAuthAppId');
  if (appUid) record.actor = { app_uid: appUid };
  setStatus(record, statusId, statusId === STATUS_FAILURE ? raw?.text('LogonError') : undefined);
  return record;
}

/** `Application`/`ApplicationId` → the cloud service acted on (`api.service`, or Authentication's `service`). */
function serviceOf(columns: Columns): Record<string, unknown> | undefined {
  return compact({ name: columns.text('Application'), uid: columns.text('ApplicationId') });
}

/** In the classes without `api`/`service`, the app hosting the resource is the destination endpoint's service. */
function setHostingService(record: OcsfRecord, columns: Columns): void {
  const application = columns.text('Application');
  if (application) record.dst_endpoint = { svc_name: application };
}

/** What every class shares: the user agent, the audit record's result, decoded dynamic columns. */
function finish(record: OcsfRecord, columns: Columns, raw: Columns | undefined): OcsfRecord {
  const userAgent = columns.text('UserAgent');
  if (userAgent) record.http_request = { user_agent: userAgent };
  if (raw && record.status_id === undefined) setResult(record, raw);
  for (const name of DYNAMIC_OBJECTS) columns.object(name);
  return withUnmapped(record, columns);
}

/** The audit record's `ResultStatus` → status; a word the caption renames (`True`, `Succeeded`) stays in `unmapped.RawEventData` too. */
function setResult(record: OcsfRecord, raw: Columns): void {
  const result = raw.values.ResultStatus;
  if (typeof result !== 'string' || result === '') return;
  const statusId = RESULT_STATUSES[result];
  if (statusId === undefined) {
    setOtherStatus(record, result);
    raw.take('ResultStatus');
    return;
  }
  setStatus(record, statusId);
  if (statusShows(statusId, result)) raw.take('ResultStatus');
}
