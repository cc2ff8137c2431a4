import type { Columns } from './columns.ts';
import { basename } from './process.ts';
import { compact, isPlainObject } from './values.ts';
import { isAbsoluteUrl, isEmailAddress } from './formats.ts';

const OTHER = 99;

const ACCOUNT_TYPES: Readonly<Record<string, readonly [number, string]>> = {
  Regular: [1, 'User'],
  Admin: [2, 'Admin'],
  System: [3, 'System'],
  Application: [4, 'Service'],
};

/**
 * The account columns of CloudAppEvents → OCSF `user`: the Entra object id as `uid` (Defender for Cloud
 * Apps' own `AccountId` as `uid_alt`, or as `uid` when there is no object id), the audit record's
 * `UserId` (usually the UPN) as `name`, `AccountType` as the user type. Undefined without a name or uid.
 */
export function accountUserOf(columns: Columns, raw: Columns | undefined): Record<string, unknown> | undefined {
  const objectId = columns.values.AccountObjectId;
  const accountId = columns.values.AccountId;
  const userId = raw?.values.UserId;
  if (!isText(objectId) && !isText(accountId) && !isText(userId)) return undefined;
  const uid = columns.text('AccountObjectId');
  const altUid = columns.text('AccountId');
  const name = raw?.text('UserId');
  const typeText = columns.values.AccountType;
  const type = typeof typeText === 'string' ? ACCOUNT_TYPES[typeText] : undefined;
  // `Regular` is captioned User: a renamed value stays under `unmapped` too.
  if (type && type[1] === typeText) columns.take('AccountType');
  return compact({
    name,
    uid: uid ?? altUid,
    uid_alt: uid && altUid !== uid ? altUid : undefined,
    display_name: columns.text('AccountDisplayName'),
    email_addr: name && isEmailAddress(name) ? name : undefined,
    type_id: type?.[0],
    type: type?.[1],
  });
}

const DEVICE_TYPES: Readonly<Record<string, readonly [number, string]>> = {
  Server: [1, 'Server'],
  Desktop: [2, 'Desktop'],
  Workstation: [2, 'Desktop'],
  Laptop: [3, 'Laptop'],
  Tablet: [4, 'Tablet'],
  Mobile: [5, 'Mobile'],
  Virtual: [6, 'Virtual'],
  IoT: [7, 'IOT'],
};

/** The client columns of CloudAppEvents → `src_endpoint`; undefined without an IP (the endpoint's identifier). */
export function clientEndpointOf(columns: Columns, raw: Columns | undefined): Record<string, unknown> | undefined {
  const ip = columns.ip('IPAddress') ?? raw?.ip('ClientIP') ?? raw?.ip('ClientIPAddress');
  if (!ip) return undefined;
  const endpoint: Record<string, unknown> = { ip };
  const deviceType = columns.values.DeviceType;
  if (typeof deviceType === 'string' && deviceType !== '') {
    const known = DEVICE_TYPES[deviceType];
    endpoint.type_id = known ? known[0] : OTHER;
    endpoint.type = known ? known[1] : deviceType;
    if (endpoint.type === deviceType) columns.take('DeviceType');
  }
  const os = osOf(columns.text('OSPlatform'));
  if (os) endpoint.os = os;
  const location = compact({ country: columns.text('CountryCode'), city: columns.text('City') });
  if (location) endpoint.location = location;
  const isp = columns.text('Isp') ?? columns.text('ISP');
  if (isp) endpoint.isp = isp;
  return endpoint;
}

/** OCSF `os` needs `type_id`: taken from the platform name (`Windows 10`, `iOS 17.2`, `MacOs`, …). */
function osOf(name: string | undefined): Record<string, unknown> | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  let type: readonly [number, string] | undefined;
  if (lower.startsWith('windows')) type = lower.includes('mobile') || lower.includes('phone') ? [101, 'Windows Mobile'] : [100, 'Windows'];
  else if (lower.startsWith('ipados')) type = [302, 'iPadOS'];
  else if (lower.startsWith('ios')) type = [301, 'iOS'];
  else if (lower.startsWith('android')) type = [201, 'Android'];
  else if (lower.startsWith('mac') || lower.startsWith('os x')) type = [300, 'macOS'];
  else if (lower.startsWith('linux') || lower.startsWith('ubuntu')) type = [200, 'Linux'];
  return type ? { name, type_id: type[0], type: type[1] } : { name, type_id: 0, type: 'Unknown' };
}

const RESOURCE_ROLES: Readonly<Record<string, readonly [number, string]>> = {
  'Target object': [1, 'Target'],
  Actor: [2, 'Actor'],
};

/**
 * `ObjectName`/`ObjectId`/`ObjectType` and each `ActivityObjects` entry → resource objects
 * (`resources[]` of API Activity, or `web_resources[]` without roles). An entry's keys other than
 * Name, Id, Type (and a Role its caption shows) go to the resource's `data`, so nothing is dropped. `ActivityObjects` is
 * taken only when every entry has a name or an id (the resource objects require one).
 */
export function resourcesOf(columns: Columns, withRoles: boolean): Record<string, unknown>[] | undefined {
  let resources: Record<string, unknown>[] | undefined;
  const name = columns.text('ObjectName');
  const uid = columns.text('ObjectId');
  if (name || uid) resources = [compact({ name, uid, type: columns.text('ObjectType') })!];
  const objects = columns.peekJson('ActivityObjects');
  if (!Array.isArray(objects) || objects.length === 0) return resources;
  const entries: Record<string, unknown>[] = [];
  for (const object of objects) {
    if (!isPlainObject(object)) return resources;
    const entry = activityObjectOf(object, withRoles);
    if (!entry) return resources;
    entries.push(entry);
  }
  columns.take('ActivityObjects');
  return resources ? resources.concat(entries) : entries;
}

function activityObjectOf(object: Record<string, unknown>, withRoles: boolean): Record<string, unknown> | undefined {
  const name = textOf(object.Name);
  const uid = textOf(object.Id);
  if (!name && !uid) return undefined;
  const entry: Record<string, unknown> = {};
  if (name) entry.name = name;
  if (uid) entry.uid = uid;
  const type = textOf(object.Type);
  if (type) entry.type = type;
  const roleText = withRoles ? textOf(object.Role) : undefined;
  if (roleText) {
    const role = RESOURCE_ROLES[roleText];
    entry.role_id = role ? role[0] : OTHER;
    entry.role = role ? role[1] : roleText;
  }
  let data: Record<string, unknown> | undefined;
  for (const key in object) {
    const value = object[key];
    if (value === null || value === undefined || value === '') continue;
    if (key === 'Name' || key === 'Id' || key === 'Type' || (key === 'Role' && roleText !== undefined && entry.role === roleText)) continue;
    (data ??= {})[key] = value;
  }
  if (data) entry.data = data;
  return entry;
}

/**
 * The file a SharePoint/OneDrive file activity acted on: the audit record's `SourceFileName`,
 * `SourceFileExtension` and `SourceRelativeUrl` (folder), `ObjectName` (the file's URL, or its path) and
 * `ObjectId`. `ObjectType` File/Folder gives the type. Undefined when no file name can be found.
 */
export function hostedFileOf(columns: Columns, raw: Columns | undefined): Record<string, unknown> | undefined {
  const objectName = columns.values.ObjectName;
  const sourceName = raw?.values.SourceFileName;
  const name = isText(sourceName) ? sourceName : isText(objectName) ? basename(stripQuery(objectName)) : undefined;
  if (!name) return undefined;
  if (isText(sourceName)) raw!.take('SourceFileName');
  const located = isText(objectName) ? columns.text('ObjectName') : undefined;
  const isUrl = located !== undefined && HTTP_URL.test(located) && isAbsoluteUrl(located);
  const objectType = columns.values.ObjectType;
  const folder = objectType === 'Folder';
  if (folder || objectType === 'File') columns.take('ObjectType');
  return compact({
    name,
    type_id: folder ? 2 : 1,
    type: folder ? 'Folder' : 'Regular File',
    ext: raw?.text('SourceFileExtension'),
    parent_folder: raw?.text('SourceRelativeUrl'),
    path: located !== undefined && !isUrl && located !== name ? located : undefined,
    url: isUrl ? { url_string: located } : undefined,
    uid: columns.text('ObjectId'),
  });
}

const HTTP_URL = /^https?:\/\//i;

function stripQuery(path: string): string {
  const query = path.indexOf('?');
  return query >= 0 ? path.slice(0, query) : path;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
