import type { Columns } from './columns.ts';
import { type EnumTable, entry, enumOf, setEnum } from './idalert-enums.ts';
import { OS_TYPES, osTypeOfName } from './idalert-endpoint.ts';
import { ACCOUNT, accountUserOf } from './idalert-user.ts';
import { countryCodeOf, peekText, sameText } from './idalert-values.ts';
import { fingerprintsOf } from './fingerprints.ts';
import { basename } from './process.ts';
import { toIp } from './values.ts';
import { isEmailAddress, isHostname } from './formats.ts';

/**
 * What one entity row (AlertEvidence, BehaviorEntities) or a behavior's own entity columns
 * (BehaviorInfo) say, placed for a `detection_finding`: the evidence artifact, plus the parts OCSF keeps
 * outside `evidences` (cloud resources, the cloud account, the malware family).
 */
export interface EvidenceParts {
  evidence?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  cloud?: Record<string, unknown>;
  malware?: Record<string, unknown>;
  /** The evidence carries a registry key or value, objects of the Windows extension. */
  usesWindowsExtension: boolean;
}

/** `evidences` needs at least one of these (the object's at_least_one constraint, as far as we fill it). */
const EVIDENCE_ARTIFACTS = [
  'actor', 'device', 'dst_endpoint', 'email', 'file', 'process', 'reg_key', 'reg_value', 'src_endpoint', 'url', 'user',
] as const;

/** Host entity `RiskScore` → `device.risk_level_id`. */
const RISK_LEVELS: EnumTable = {
  none: entry(0, 'Info'),
  informational: entry(0, 'Info'),
  low: entry(1, 'Low'),
  medium: entry(2, 'Medium'),
  high: entry(3, 'High'),
};

/** `CloudPlatform` → the OCSF account type of its subscription / account / project. */
const CLOUD_ACCOUNT_TYPES: EnumTable = {
  azure: entry(13, 'Azure Subscription'),
  aws: entry(10, 'AWS Account'),
  gcp: entry(11, 'GCP Project'),
};

export function evidenceOf(columns: Columns): EvidenceParts {
  const extras = columns.object('AdditionalFields');
  const entityType = peekText(columns, 'EntityType');
  const kind = entityType?.toLowerCase();
  const evidence: Record<string, unknown> = {};
  const parts: EvidenceParts = { usesWindowsExtension: false };

  const file = evidenceFileOf(columns);
  const user = accountUserOf(columns, ACCOUNT);
  const process = kind === 'process' ? evidenceProcessOf(columns, extras, file, user) : undefined;
  if (process) evidence.process = process;
  else {
    if (file) evidence.file = file;
    if (user) evidence.user = user;
  }
  const device = evidenceDeviceOf(columns, kind === 'machine' ? extras : undefined);
  if (device) evidence.device = device;
  placeNetwork(columns, evidence, device, kind === 'ip' ? extras : undefined);
  const email = emailOf(columns, extras);
  if (email) evidence.email = email;
  if (placeRegistry(columns, evidence)) parts.usesWindowsExtension = true;
  const app = applicationOf(columns);
  if (app) evidence.actor = app;

  const resource = cloudResourceOf(columns);
  if (resource) parts.resource = resource;
  const cloud = cloudOf(columns);
  if (cloud) parts.cloud = cloud;
  const family = columns.text('ThreatFamily');
  // classification_ids is required; Defender names the family without classifying it.
  if (family !== undefined) parts.malware = { name: family, classification_ids: [0] };

  if (extras) takeEchoes(extras, evidence);
  if (hasArtifact(evidence)) {
    if (entityType !== undefined) {
      evidence.name = entityType;
      columns.take('EntityType');
      if (sameText(peekText(extras, 'Type'), entityType)) extras!.take('Type');
    }
    parts.evidence = evidence;
  }
  return parts;
}

/** Keys of the Sentinel entity in `AdditionalFields` that repeat a column (file `Name`, account `Sid`, ip `Address`, …). */
const ECHO_KEYS = ['Name', 'Directory', 'Sid', 'AadUserId', 'Url', 'OAuthAppId', 'Address'] as const;

/** A repeat of a value the evidence already carries is represented by it. */
function takeEchoes(extras: Columns, evidence: Record<string, unknown>): void {
  const placed: unknown[] = [];
  const process = evidence.process as Record<string, unknown> | undefined;
  const file = (process?.file ?? evidence.file) as Record<string, unknown> | undefined;
  const user = (process?.user ?? evidence.user) as Record<string, unknown> | undefined;
  if (file) placed.push(file.name, file.path, file.parent_folder);
  if (user) placed.push(user.name, user.uid, user.uid_alt);
  placed.push(
    (evidence.url as Record<string, unknown> | undefined)?.url_string,
    (evidence.actor as Record<string, unknown> | undefined)?.app_uid,
    (evidence.src_endpoint as Record<string, unknown> | undefined)?.ip,
    (evidence.dst_endpoint as Record<string, unknown> | undefined)?.ip,
    (evidence.device as Record<string, unknown> | undefined)?.ip,
  );
  for (const key of ECHO_KEYS) {
    const value = extras.values[key];
    if (typeof value === 'string' && value !== '' && placed.includes(key === 'Address' ? toIp(value) : value)) extras.take(key);
  }
}

function hasArtifact(evidence: Record<string, unknown>): boolean {
  for (const artifact of EVIDENCE_ARTIFACTS) if (evidence[artifact] !== undefined) return true;
  return false;
}

/**
 * `FileName`, `FolderPath`, `SHA1`/`SHA256`, `FileSize` → `file`. `FolderPath` "usually includes the
 * file name"; when it does not, it is the parent folder.
 */
function evidenceFileOf(columns: Columns): Record<string, unknown> | undefined {
  const folder = peekText(columns, 'FolderPath');
  const fileName = peekText(columns, 'FileName');
  const name = fileName ?? (folder !== undefined ? basename(folder) : undefined);
  if (!name) return undefined;
  const file: Record<string, unknown> = { name, type_id: 1, type: 'Regular File' };
  columns.take('FileName');
  if (folder !== undefined) {
    const isFullPath = fileName === undefined || folder.toLowerCase().endsWith(fileName.toLowerCase());
    file[isFullPath ? 'path' : 'parent_folder'] = folder;
    columns.take('FolderPath');
  }
  const size = columns.int('FileSize');
  if (size !== undefined) file.size = size;
  const hashes = fingerprintsOf(columns);
  if (hashes) file.hashes = hashes;
  return file;
}

/** A Process entity: pid and creation time come from `AdditionalFields` (`process.pid`/`uid` is required). */
function evidenceProcessOf(
  columns: Columns,
  extras: Columns | undefined,
  file: Record<string, unknown> | undefined,
  user: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const pid = extras?.int('ProcessId');
  if (pid === undefined) return undefined;
  const process: Record<string, unknown> = { pid };
  if (file) process.name = file.name;
  const cmdLine = columns.text('ProcessCommandLine');
  if (cmdLine !== undefined) process.cmd_line = cmdLine;
  const created = extras!.time('CreationTimeUtc');
  if (created !== undefined) process.created_time = created;
  if (file) process.file = file;
  if (user) process.user = user;
  return process;
}

/**
 * `DeviceId`, `DeviceName`, `MachineGroup` → `device`; for a Machine entity also the host details of
 * `AdditionalFields` (short name, DNS domain, OS, Entra device id, risk). `type_id` is required.
 */
function evidenceDeviceOf(columns: Columns, host: Columns | undefined): Record<string, unknown> | undefined {
  const uid = peekText(columns, 'DeviceId');
  const deviceName = peekText(columns, 'DeviceName');
  if (uid === undefined && deviceName === undefined) return undefined;
  const device: Record<string, unknown> = { type_id: 0, type: 'Unknown' };
  if (uid !== undefined) {
    device.uid = uid;
    columns.take('DeviceId');
  }
  if (deviceName !== undefined) {
    device[isHostname(deviceName) ? 'hostname' : 'name'] = deviceName;
    columns.take('DeviceName');
  }
  const group = columns.text('MachineGroup');
  if (group !== undefined) device.groups = [{ name: group }];
  if (!host) return device;

  const shortName = peekText(host, 'HostName');
  if (shortName !== undefined && device.name === undefined) {
    device.name = shortName;
    host.take('HostName');
  }
  const domain = host.text('DnsDomain');
  if (domain !== undefined) device.domain = domain;
  const family = peekText(host, 'OSFamily');
  if (family !== undefined) {
    const key = family.toLowerCase();
    const type = Object.hasOwn(OS_TYPES, key) ? OS_TYPES[key]! : osTypeOfName(family);
    const os: Record<string, unknown> = { name: family, type_id: type.id, type: type.caption };
    host.take('OSFamily');
    const version = host.text('OSVersion');
    if (version !== undefined) os.version = version;
    device.os = os;
  }
  const entraId = host.text('AadDeviceId');
  if (entraId !== undefined) device.uid_alt = entraId;
  if (uid !== undefined && sameText(peekText(host, 'MdatpDeviceId'), uid)) host.take('MdatpDeviceId');
  setEnum(device, 'risk_level', enumOf(host, 'RiskScore', RISK_LEVELS));
  return device;
}

/**
 * `RemoteIP` is "the IP address that was being connected to" (the destination) unless
 * `EvidenceDirection` says the entity was the source; `LocalIP` is the device's address, or the other
 * side when there is no device. `RemoteUrl` is a URL or a bare host name of the remote side.
 */
function placeNetwork(
  columns: Columns,
  evidence: Record<string, unknown>,
  device: Record<string, unknown> | undefined,
  ipEntity: Columns | undefined,
): void {
  const direction = peekText(columns, 'EvidenceDirection')?.toLowerCase();
  const remoteIsSource = direction === 'source';
  let remote: Record<string, unknown> | undefined;
  let local: Record<string, unknown> | undefined;
  const remoteIp = columns.ip('RemoteIP');
  if (remoteIp !== undefined) remote = { ip: remoteIp };
  const remoteUrl = peekText(columns, 'RemoteUrl');
  if (remoteUrl !== undefined) {
    if (remoteUrl.includes('://') && URL.canParse(remoteUrl)) {
      evidence.url = { url_string: remoteUrl };
      columns.take('RemoteUrl');
    } else if (isHostname(remoteUrl)) {
      (remote ??= {}).hostname = remoteUrl;
      columns.take('RemoteUrl');
    }
  }
  const localIp = columns.ip('LocalIP');
  if (localIp !== undefined) {
    if (device) device.ip = localIp;
    else local = { ip: localIp };
  }
  if (remote && remoteIp !== undefined && ipEntity) {
    const location = geoLocationOf(ipEntity);
    if (location) remote.location = location;
  }
  if (remote) evidence[remoteIsSource ? 'src_endpoint' : 'dst_endpoint'] = remote;
  if (local) evidence[remoteIsSource ? 'dst_endpoint' : 'src_endpoint'] = local;
}

/** An IP entity's `AdditionalFields.Location` (`CountryCode`, `State`, `City`) → `location`. */
function geoLocationOf(ipEntity: Columns): Record<string, unknown> | undefined {
  const geo = ipEntity.object('Location');
  if (!geo) return undefined;
  const location: Record<string, unknown> = {};
  const code = peekText(geo, 'CountryCode');
  const country = code === undefined ? undefined : countryCodeOf(code);
  if (country !== undefined) {
    location.country = country;
    geo.take('CountryCode');
  }
  const region = geo.text('State');
  if (region !== undefined) location.region = region;
  const city = geo.text('City');
  if (city !== undefined) location.city = city;
  return country !== undefined || region !== undefined || city !== undefined ? location : undefined;
}

/**
 * `NetworkMessageId` / `EmailSubject` plus the mail-message entity fields of `AdditionalFields`
 * (`Recipient`, `P2Sender`, `P1Sender`, `InternetMessageId`). An `email` needs a sender or recipient.
 */
function emailOf(columns: Columns, extras: Columns | undefined): Record<string, unknown> | undefined {
  const recipient = peekText(extras, 'Recipient');
  const sender = peekText(extras, 'P2Sender');
  const to = recipient !== undefined && isEmailAddress(recipient) ? recipient : undefined;
  const from = sender !== undefined && isEmailAddress(sender) ? sender : undefined;
  if (to === undefined && from === undefined) return undefined;
  const email: Record<string, unknown> = {};
  if (from !== undefined) {
    email.from = from;
    extras!.take('P2Sender');
  }
  if (to !== undefined) {
    email.to = [to];
    extras!.take('Recipient');
  }
  // The P1 (envelope MAIL FROM) sender is what the Return-Path header records.
  const envelopeSender = peekText(extras, 'P1Sender');
  if (envelopeSender !== undefined && isEmailAddress(envelopeSender)) {
    email.return_path = envelopeSender;
    extras!.take('P1Sender');
  }
  const uid = columns.text('NetworkMessageId');
  if (uid !== undefined) email.uid = uid;
  if (sameText(peekText(extras, 'NetworkMessageId'), uid)) extras!.take('NetworkMessageId');
  const subject = columns.text('EmailSubject');
  if (subject !== undefined) email.subject = subject;
  if (subject !== undefined && peekText(extras, 'Subject') === subject) extras!.take('Subject');
  const messageUid = extras!.text('InternetMessageId');
  if (messageUid !== undefined) email.message_uid = messageUid;
  return email;
}

/** `RegistryKey` (+ `RegistryValueName`, `RegistryValueData`) → `reg_value`, or `reg_key` without a value name. */
function placeRegistry(columns: Columns, evidence: Record<string, unknown>): boolean {
  const path = columns.text('RegistryKey');
  if (path === undefined) return false;
  const name = columns.text('RegistryValueName');
  if (name === undefined) {
    evidence.reg_key = { path };
    return true;
  }
  const value: Record<string, unknown> = { path, name };
  const data = columns.text('RegistryValueData');
  if (data !== undefined) value.data = data;
  evidence.reg_value = value;
  return true;
}

/** `Application` with `OAuthApplicationId` (or the numeric `ApplicationId`) → the acting application. */
function applicationOf(columns: Columns): Record<string, unknown> | undefined {
  const name = columns.text('Application');
  const uid = columns.text('OAuthApplicationId') ?? columns.text('ApplicationId');
  if (name === undefined && uid === undefined) return undefined;
  const actor: Record<string, unknown> = {};
  if (name !== undefined) actor.app_name = name;
  if (uid !== undefined) actor.app_uid = uid;
  return actor;
}

/** `CloudResource`, `ResourceType`, `ResourceID` (or their `Cloud*` spellings) → a `resource_details`. */
function cloudResourceOf(columns: Columns): Record<string, unknown> | undefined {
  const name = peekText(columns, 'CloudResource');
  const uidColumn = columns.has('ResourceID') ? 'ResourceID' : 'CloudResourceId';
  const uid = peekText(columns, uidColumn);
  if (name === undefined && uid === undefined) return undefined;
  const resource: Record<string, unknown> = {};
  if (name !== undefined) {
    resource.name = name;
    columns.take('CloudResource');
  }
  if (uid !== undefined) {
    resource.uid = uid;
    columns.take(uidColumn);
  }
  const type = columns.text('ResourceType') ?? columns.text('CloudResourceType');
  if (type !== undefined) resource.type = type;
  return resource;
}

/** `CloudPlatform` and `SubscriptionId` → OCSF `cloud` (profile `cloud`; `provider` is required). */
function cloudOf(columns: Columns): Record<string, unknown> | undefined {
  const provider = columns.text('CloudPlatform');
  if (provider === undefined) return undefined;
  const cloud: Record<string, unknown> = { provider };
  const subscription = columns.text('SubscriptionId') ?? columns.text('CloudSubscriptionId');
  if (subscription !== undefined) {
    const account: Record<string, unknown> = { uid: subscription };
    const key = provider.toLowerCase();
    const type = Object.hasOwn(CLOUD_ACCOUNT_TYPES, key) ? CLOUD_ACCOUNT_TYPES[key] : undefined;
    if (type) {
      account.type_id = type.id;
      account.type = type.caption;
    }
    cloud.account = account;
  }
  return cloud;
}
