import { column, type ColumnName, type Columns } from './columns.ts';
import { compact, toText } from './values.ts';
import { isEmailAddress } from './formats.ts';


export interface UserColumns {
  readonly name?: ColumnName;
  readonly domain?: ColumnName;
  readonly sid?: ColumnName;
  readonly upn?: ColumnName;
  readonly objectId?: ColumnName;
}

/** Account columns → OCSF `user`: SID as `uid`, Entra object id as `uid_alt`, UPN as `email_addr` when it is one. */
export function userOf(columns: Columns, names: UserColumns): Record<string, unknown> | undefined {
  const upnValue = names.upn ? columns.value(names.upn) : undefined;
  const upnIsEmail = isEmailAddress(upnValue);
  // OCSF needs a name or uid (a UPN that is an email address stands in for the name): without one,
  // nothing is taken and the account columns stay raw under `unmapped`. Checked first, so that
  // nothing taken needs undoing.
  if (!upnIsEmail && !hasText(columns, names.name) && !hasText(columns, names.sid)) return undefined;
  const upn = upnIsEmail && names.upn ? columns.text(names.upn) : undefined;
  const user = compact({
    name: names.name ? columns.text(names.name) : undefined,
    domain: names.domain ? columns.text(names.domain) : undefined,
    uid: names.sid ? columns.text(names.sid) : undefined,
    uid_alt: names.objectId ? columns.text(names.objectId) : undefined,
    email_addr: upn,
  })!;
  if (!user.name && !user.uid && upn) user.name = upn;
  return user;
}

/** Whether `text(name)` would give a value, without taking the column. */
function hasText(columns: Columns, name: ColumnName | undefined): boolean {
  return name !== undefined && toText(columns.value(name)) !== undefined;
}

const accountColumnsByPrefix = new Map<string, UserColumns>();

/**
 * The `Account*` columns most tables share, optionally prefixed (e.g. `InitiatingProcessAccount`).
 * Built once per prefix: a column name concatenated per row costs a string-table lookup every time
 * it is used as a key.
 */
export function accountColumns(prefix = 'Account'): UserColumns {
  let names = accountColumnsByPrefix.get(prefix);
  if (!names) {
    names = Object.freeze({
      name: column(`${prefix}Name`),
      domain: column(`${prefix}Domain`),
      sid: column(`${prefix}Sid`),
      upn: column(`${prefix}Upn`),
      objectId: column(`${prefix}ObjectId`),
    });
    accountColumnsByPrefix.set(prefix, names);
  }
  return names;
}
