import type { Columns } from './columns.ts';
import { peekText } from './idalert-values.ts';
import { isEmailAddress } from './formats.ts';

/** Where one account's columns live in a row (any may be absent from a table). */
export interface AccountNames {
  readonly name?: string;
  readonly domain?: string;
  readonly sid?: string;
  readonly upn?: string;
  readonly objectId?: string;
  readonly displayName?: string;
}

export const ACCOUNT: AccountNames = {
  name: 'AccountName',
  domain: 'AccountDomain',
  sid: 'AccountSid',
  upn: 'AccountUpn',
  objectId: 'AccountObjectId',
  displayName: 'AccountDisplayName',
};

/**
 * Account columns → OCSF `user`, with the conventions of common/user.ts (SID → `uid`, Entra object id →
 * `uid_alt`, UPN → `email_addr` when it is an address) plus `display_name`. Cloud-only rows often lack
 * the account name and SID, and a user needs a name or uid: the UPN then names the user, and the object
 * id becomes `uid`. Nothing is taken when no user results, so the columns stay under `unmapped`.
 */
export function accountUserOf(columns: Columns, names: AccountNames): Record<string, unknown> | undefined {
  const name = pick(columns, names.name);
  const sid = pick(columns, names.sid);
  const upn = pick(columns, names.upn);
  const objectId = pick(columns, names.objectId);
  const userName = name ?? upn;
  const uid = sid ?? (userName === undefined ? objectId : undefined);
  if (userName === undefined && uid === undefined) return undefined;

  const user: Record<string, unknown> = {};
  if (userName !== undefined) user.name = userName;
  const domain = pick(columns, names.domain);
  if (domain !== undefined) user.domain = domain;
  if (uid !== undefined) user.uid = uid;
  if (objectId !== undefined && uid !== objectId) user.uid_alt = objectId;
  const upnIsAddress = upn !== undefined && isEmailAddress(upn);
  if (upnIsAddress) user.email_addr = upn;
  const displayName = pick(columns, names.displayName);
  if (displayName !== undefined) user.display_name = displayName;

  for (const column of [names.name, names.domain, names.sid, names.objectId, names.displayName]) {
    if (column) columns.take(column);
  }
  if (names.upn && (upnIsAddress || name === undefined)) columns.take(names.upn);
  return user;
}

function pick(columns: Columns, name: string | undefined): string | undefined {
  return name ? peekText(columns, name) : undefined;
}

/**
 * The account behind a Defender for Identity event: the `Account*` columns, or, when they are empty
 * (queries made under a computer account), `AdditionalFields.SourceAccountSid` as `uid` with the AD
 * object GUID `SourceAccountId` as `uid_alt` and the `AccountDisplayName` (e.g. `HOST01$`).
 */
export function identityAccountOf(columns: Columns, extras: Columns | undefined): Record<string, unknown> | undefined {
  const user = accountUserOf(columns, ACCOUNT);
  const sourceSid = peekText(extras, 'SourceAccountSid');
  if (user) {
    if (sourceSid !== undefined && sourceSid === user.uid) extras!.take('SourceAccountSid');
    return user;
  }
  if (sourceSid === undefined) return undefined;
  extras!.take('SourceAccountSid');
  const account: Record<string, unknown> = { uid: sourceSid };
  const objectGuid = extras!.text('SourceAccountId');
  if (objectGuid !== undefined) account.uid_alt = objectGuid;
  const displayName = columns.text('AccountDisplayName');
  if (displayName !== undefined) account.display_name = displayName;
  return account;
}
