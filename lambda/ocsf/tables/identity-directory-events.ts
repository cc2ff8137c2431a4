import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { CLIENT_SIDE, SERVER_SIDE, deviceOfEndpoint, identityEndpointOf } from '../common/idalert-endpoint.ts';
import { identityAccountOf } from '../common/idalert-user.ts';
import { peekText, sameText } from '../common/idalert-values.ts';
import { toBoolean } from '../common/values.ts';
import type { OcsfClassName } from '../ocsf-classes.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isEmailAddress, isHostname } from '../common/formats.ts';

/** An ActionType's activity in Account Change (3001) and, for targets that are not user accounts, in Entity Management (3004). */
interface Activities {
  readonly account: number;
  readonly entity: number;
}

const CREATE: Activities = { account: 1, entity: 1 };
const ENABLE: Activities = { account: 2, entity: 8 };
const PASSWORD_CHANGE: Activities = { account: 3, entity: 3 };
const PASSWORD_RESET: Activities = { account: 4, entity: 3 };
const DISABLE: Activities = { account: 5, entity: 9 };
const DELETE: Activities = { account: 6, entity: 4 };
const LOCK: Activities = { account: 9, entity: 3 };
const UNLOCK: Activities = { account: 12, entity: 3 };
const OTHER: Activities = { account: ACTIVITY_OTHER, entity: ACTIVITY_OTHER };

/** Lower-cased ActionType → activities. MDI's monitored-activities list; some spellings vary by sensor version. */
const ACCOUNT_ACTIONS: Readonly<Record<string, Activities>> = {
  'account password changed': PASSWORD_CHANGE,
  'account password reset': PASSWORD_RESET,
  'user account created': CREATE,
  'computer account created': CREATE,
  'account created': CREATE,
  'account deleted': DELETE,
  'account enabled': ENABLE,
  'account disabled': DISABLE,
  'account locked': LOCK,
  'account unlocked': UNLOCK,
  'account unlock changed': UNLOCK,
};

/**
 * "<attribute> changed" ActionTypes whose `AdditionalFields` carry `FROM <attribute>` / `TO <attribute>`
 * as "True"/"False": the new value decides the activity.
 */
const TOGGLED_ACTIONS: Readonly<Record<string, { readonly attribute: string; readonly on: Activities; readonly off: Activities }>> = {
  'account disabled changed': { attribute: 'Account Disabled', on: DISABLE, off: ENABLE },
  'account locked changed': { attribute: 'Account Locked', on: LOCK, off: UNLOCK },
};

/** Operations on the directory or on devices → Entity Management activity. */
const ENTITY_ACTIONS: Readonly<Record<string, number>> = {
  'directory services replication': 2,
  'directory service replication': 2,
  'device operating system changed': 3,
  'computer operating system changed': 3,
};

const GROUP_MEMBERSHIP_CHANGED = 'group membership changed';
const ADD_USER = 3;
const REMOVE_USER = 4;
const HOST = ['host'] as const;

/**
 * IdentityDirectoryEvents → by ActionType. `Account*` is the initiator (`actor.user`), `TargetAccount*`
 * (or `AdditionalFields.TARGET_OBJECT.USER`) the account acted on, `DeviceName`/`IPAddress`/`Port` the
 * client (`src_endpoint`) and `Destination*` the domain controller that processed the change (`device`,
 * profile `host`: these IAM classes have no `dst_endpoint`).
 * - group membership changes → Group Management (3006) Add User / Remove User (`TO.GROUP` / `FROM.GROUP`);
 * - account changes → Account Change (3001): create, enable/disable, password change/reset, lock/unlock,
 *   delete, other attribute changes as Other;
 * - replication and device changes, and account changes whose target is not a user account (a computer)
 *   → Entity Management (3004), the target as the entity;
 * - anything else → Account Change Other with a target account, else Entity Management Other.
 * A row with no target to name stays a base event.
 */
export const identityDirectoryEvents: TableMapper = {
  table: 'IdentityDirectoryEvents',
  classes: ['account_change', 'group_management', 'entity_management', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const extras = columns.object('AdditionalFields');
    const actionType = peekText(columns, 'ActionType')?.toLowerCase() ?? '';
    const record =
      actionType === GROUP_MEMBERSHIP_CHANGED
        ? groupChangeOf(row, columns, extras)
        : Object.hasOwn(ENTITY_ACTIONS, actionType)
          ? entityChangeOf(row, columns, extras, ENTITY_ACTIONS[actionType]!)
          : accountChangeOf(row, columns, extras, actionType);
    if (!record) return baseEventOf(row);
    return withUnmapped(record, columns);
  },
};

function groupChangeOf(row: DefenderRow, columns: Columns, extras: Columns | undefined): OcsfRecord | undefined {
  const added = peekText(extras, 'TO.GROUP');
  const removed = peekText(extras, 'FROM.GROUP');
  const name = added ?? removed ?? peekText(extras, 'TARGET_OBJECT.GROUP');
  if (name === undefined) return accountChangeOf(row, columns, extras, GROUP_MEMBERSHIP_CHANGED);
  const activityId = added !== undefined ? ADD_USER : removed !== undefined ? REMOVE_USER : ACTIVITY_OTHER;
  extras!.take(added !== undefined ? 'TO.GROUP' : removed !== undefined ? 'FROM.GROUP' : 'TARGET_OBJECT.GROUP');
  if (sameText(peekText(extras, 'TARGET_OBJECT.GROUP'), name)) extras!.take('TARGET_OBJECT.GROUP');
  const record = startRecord(row, columns, extras, 'group_management', activityId);
  record.group = { name };
  const member = targetUserOf(columns, extras);
  if (member) record.user = member;
  return record;
}

function accountChangeOf(row: DefenderRow, columns: Columns, extras: Columns | undefined, actionType: string): OcsfRecord | undefined {
  const activities = activitiesOf(extras, actionType);
  const user = targetUserOf(columns, extras);
  if (user) {
    const record = startRecord(row, columns, extras, 'account_change', activities.account);
    record.user = user;
    return record;
  }
  return entityChangeOf(row, columns, extras, activities.entity);
}

function entityChangeOf(row: DefenderRow, columns: Columns, extras: Columns | undefined, activityId: number): OcsfRecord | undefined {
  const entity = targetEntityOf(columns, extras);
  if (!entity) return undefined;
  const record = startRecord(row, columns, extras, 'entity_management', activityId);
  record.entity = entity;
  return record;
}

function activitiesOf(extras: Columns | undefined, actionType: string): Activities {
  if (Object.hasOwn(ACCOUNT_ACTIONS, actionType)) return ACCOUNT_ACTIONS[actionType]!;
  if (!Object.hasOwn(TOGGLED_ACTIONS, actionType)) return OTHER;
  const toggle = TOGGLED_ACTIONS[actionType]!;
  // The activity says what the True/False pair said only in other words: the pair stays under `unmapped`.
  const now = toBoolean(extras?.values[`TO ${toggle.attribute}`]);
  if (now === undefined) return OTHER;
  return now ? toggle.on : toggle.off;
}

/** The record with what every class here shares: initiator, client, the domain controller as `device`. */
function startRecord(row: DefenderRow, columns: Columns, extras: Columns | undefined, className: OcsfClassName, activityId: number): OcsfRecord {
  const controller = deviceOfEndpoint(identityEndpointOf(columns, extras, SERVER_SIDE, WITHOUT_PORT));
  const record = newEvent(row, columns, { className, activityId, profiles: controller ? HOST : undefined });
  const initiator = identityAccountOf(columns, extras);
  if (initiator) record.actor = { user: initiator };
  const client = identityEndpointOf(columns, extras, CLIENT_SIDE);
  if (client) record.src_endpoint = client;
  if (controller) record.device = controller;
  const count = extras?.int('Count');
  if (count !== undefined) record.count = count;
  return record;
}

const WITHOUT_PORT = { port: false } as const;

/**
 * The account acted on: `TargetAccountUpn` names it (and is its address), `TargetAccountDisplayName` is
 * its display name; without a UPN, `AdditionalFields.TARGET_OBJECT.USER` names it.
 */
function targetUserOf(columns: Columns, extras: Columns | undefined): Record<string, unknown> | undefined {
  const upn = peekText(columns, 'TargetAccountUpn');
  const displayName = peekText(columns, 'TargetAccountDisplayName');
  const objectName = peekText(extras, 'TARGET_OBJECT.USER');
  const name = upn ?? objectName;
  if (name === undefined) return undefined;
  const user: Record<string, unknown> = { name };
  if (upn !== undefined) {
    columns.take('TargetAccountUpn');
    if (isEmailAddress(upn)) user.email_addr = upn;
  }
  if (displayName !== undefined) {
    user.display_name = displayName;
    columns.take('TargetAccountDisplayName');
  }
  if (objectName !== undefined && (name === objectName || objectName === displayName)) extras!.take('TARGET_OBJECT.USER');
  return user;
}

/** Entity Management's `entity`: the target account, else the target device, else the target group. */
function targetEntityOf(columns: Columns, extras: Columns | undefined): Record<string, unknown> | undefined {
  const user = targetUserOf(columns, extras);
  if (user) return { type_id: 2, type: 'User', name: user.name, user };
  const deviceName = columns.text('TargetDeviceName');
  if (deviceName !== undefined) {
    const device: Record<string, unknown> = { type_id: 0, type: 'Unknown' };
    if (isHostname(deviceName)) {
      device.hostname = deviceName;
      const shortName = extras?.text('TARGET_OBJECT.DEVICE');
      if (shortName !== undefined) device.name = shortName;
    } else device.name = deviceName;
    return { type_id: 1, type: 'Device', name: deviceName, device };
  }
  const group = extras?.text('TARGET_OBJECT.GROUP');
  if (group !== undefined) return { type_id: 3, type: 'Group', name: group, group: { name: group } };
  return undefined;
}
