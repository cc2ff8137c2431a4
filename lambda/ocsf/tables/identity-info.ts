import { Columns } from '../common/columns.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { type EnumTable, entry, enumOf, setEnum } from '../common/idalert-enums.ts';
import { type AccountNames, accountUserOf } from '../common/idalert-user.ts';
import { countryCodeOf, peekText } from '../common/idalert-values.ts';
import { compact, toBoolean } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isEmailAddress } from '../common/formats.ts';

const LOG = 1;
const AZURE_AD_ACCOUNT = 6;

/** The on-premises identity, as on the event tables: SID → `uid`, Entra object id → `uid_alt`. */
const IDENTITY: AccountNames = {
  name: 'AccountName',
  domain: 'AccountDomain',
  sid: 'OnPremSid',
  objectId: 'AccountObjectId',
  displayName: 'AccountDisplayName',
};

const USER_TYPES: EnumTable = {
  user: entry(1, 'User'),
  serviceaccount: entry(4, 'Service'),
};

/** Entra ID user risk levels. */
const RISK_LEVELS: EnumTable = {
  none: entry(0, 'Info'),
  low: entry(1, 'Low'),
  medium: entry(2, 'Medium'),
  high: entry(3, 'High'),
};

/**
 * IdentityInfo → User Inventory Info (5003), activity Log: one identity's directory profile. The
 * on-premises identity fills `user` as on the event tables; the Entra account (`AccountUpn`, `CloudSid`,
 * enabled state, MDI tags) is `user.account`; the directory person details are `user.ldap_person`.
 */
export const identityInfo: TableMapper = {
  table: 'IdentityInfo',
  classes: ['user_inventory', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const user = accountUserOf(columns, IDENTITY) ?? {};
    const account = accountOf(columns);
    if (account) user.account = account;
    if (user.name === undefined && user.uid === undefined && !account) return baseEventOf(row);

    const email = emailAddressOf(columns);
    if (email !== undefined) user.email_addr = email;
    setEnum(user, 'type', enumOf(columns, 'Type', USER_TYPES));
    setEnum(user, 'risk_level', enumOf(columns, 'RiskLevel', RISK_LEVELS));
    const phone = columns.text('Phone');
    if (phone !== undefined) user.phone_number = phone;
    const company = columns.text('CompanyName');
    if (company !== undefined) user.org = { name: company };
    const groups = groupsOf(columns);
    if (groups) user.groups = groups;
    const person = personOf(columns);
    if (person) user.ldap_person = person;

    const record = newEvent(row, columns, { className: 'user_inventory', activityId: LOG });
    record.user = user;
    // The directory the row came from (ActiveDirectory, AzureActiveDirectory).
    const source = columns.text('ChangeSource');
    if (source !== undefined) record.metadata.log_source = source;
    if (row.tenantId !== '' && columns.values.TenantId === row.tenantId) columns.take('TenantId');
    return withUnmapped(record, columns);
  },
};

/** `IdentityEnvironment` of an Entra account: a hybrid identity is synchronized from on-premises AD (the text stays raw too). */
const SYNC_BY_ENVIRONMENT: Readonly<Record<string, boolean | undefined>> = { hybrid: true, cloudonly: false };

/** The Entra account: UPN as name, cloud SID as uid; enabled state and MDI tags belong to it. */
function accountOf(columns: Columns): Record<string, unknown> | undefined {
  const upn = columns.text('AccountUpn');
  const cloudSid = columns.text('CloudSid');
  if (upn === undefined && cloudSid === undefined) return undefined;
  const account: Record<string, unknown> = {};
  if (upn !== undefined) account.name = upn;
  if (cloudSid !== undefined) {
    account.uid = cloudSid;
    account.type_id = AZURE_AD_ACCOUNT;
    account.type = 'Azure AD Account';
  }
  // Negated, the flag no longer shows as it came: it stays under `unmapped` too.
  const enabled = toBoolean(columns.values.IsAccountEnabled);
  if (enabled !== undefined) account.is_disabled = !enabled;
  const tags = stringsOf(columns, 'Tags');
  if (tags) account.labels = tags;
  const environment = String(columns.values.IdentityEnvironment).toLowerCase();
  const synced = Object.hasOwn(SYNC_BY_ENVIRONMENT, environment) ? SYNC_BY_ENVIRONMENT[environment] : undefined;
  if (synced !== undefined) account.is_on_premises_sync_enabled = synced;
  return account;
}

/** The primary SMTP address, else the UPN when it is an address (the UPN itself is the account name). */
function emailAddressOf(columns: Columns): string | undefined {
  const primary = peekText(columns, 'EmailAddress');
  if (primary !== undefined && isEmailAddress(primary)) {
    columns.take('EmailAddress');
    return primary;
  }
  const upn = peekText(columns, 'AccountUpn');
  return upn !== undefined && isEmailAddress(upn) ? upn : undefined;
}

/** `GroupMembership` (Entra group names) → `user.groups`. */
function groupsOf(columns: Columns): Record<string, unknown>[] | undefined {
  const names = stringsOf(columns, 'GroupMembership');
  if (!names) return undefined;
  const groups: Record<string, unknown>[] = [];
  for (const name of names) groups.push({ name });
  return groups;
}

function personOf(columns: Columns): Record<string, unknown> | undefined {
  const manager = columns.text('Manager');
  return compact({
    given_name: columns.text('GivenName'),
    surname: columns.text('Surname'),
    department: columns.text('Department'),
    job_title: columns.text('JobTitle'),
    employee_uid: columns.text('EmployeeId'),
    ldap_dn: columns.text('DistinguishedName'),
    created_time: columns.time('CreatedDateTime'),
    deleted_time: columns.time('DeletedDateTime'),
    manager: manager === undefined ? undefined : { name: manager },
    email_addrs: stringsOf(columns, 'OtherMailAddresses', isEmailAddress),
    location: locationOf(columns),
  });
}

/** City, state and country (as a two-letter code) → `location`, which needs one of them; the postal address describes it. */
function locationOf(columns: Columns): Record<string, unknown> | undefined {
  const location: Record<string, unknown> = {};
  const city = columns.text('City');
  if (city !== undefined) location.city = city;
  const region = columns.text('State');
  if (region !== undefined) location.region = region;
  const countryText = peekText(columns, 'Country');
  const country = countryText === undefined ? undefined : countryCodeOf(countryText);
  if (country !== undefined) {
    location.country = country;
    columns.take('Country');
  }
  if (city === undefined && region === undefined && country === undefined) return undefined;
  const address = columns.text('Address');
  if (address !== undefined) location.desc = address;
  return location;
}

/** A dynamic column holding an array of non-empty strings (each passing `accept`), else left raw. */
function stringsOf(columns: Columns, name: string, accept?: (value: string) => boolean): string[] | undefined {
  const decoded = columns.peekJson(name);
  if (!Array.isArray(decoded) || decoded.length === 0) return undefined;
  for (const item of decoded) {
    if (typeof item !== 'string' || item === '' || (accept && !accept(item))) return undefined;
  }
  columns.take(name);
  return decoded as string[];
}
