import { column, type ColumnName, type Columns } from './columns.ts';
import { compact } from './values.ts';
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
  const upnIsEmail = isEmailAddress(names.upn ? columns.value(names.upn) : undefined);
  // OCSF needs a name or uid (a UPN that is an email address stands in for the name). Read first:
  // without one, neither read took anything, nothing else has been taken yet, and the account
  // columns stay raw under `unmapped`.
  const name = names.name ? columns.text(names.name) : undefined;
  const uid = names.sid ? columns.text(names.sid) : undefined;
  if (!upnIsEmail && name === undefined && uid === undefined) return undefined;
  const upn = upnIsEmail && names.upn ? columns.text(names.upn) : undefined;
  const user = compact({
    name,
    domain: names.domain ? columns.text(names.domain) : undefined,
    uid,
    uid_alt: names.objectId ? columns.text(names.objectId) : undefined,
    email_addr: upn,
  })!;
  if (!user.name && !user.uid && upn) user.name = upn;
  return user;
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
