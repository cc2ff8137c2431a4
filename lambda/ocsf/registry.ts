import { alertEvidence } from './tables/alert-evidence.ts';
import { alertInfo } from './tables/alert-info.ts';
import { behaviorEntities } from './tables/behavior-entities.ts';
import { behaviorInfo } from './tables/behavior-info.ts';
import { cloudAppEvents } from './tables/cloud-app-events.ts';
import { deviceEvents } from './tables/device-events.ts';
import { deviceFileCertificateInfo } from './tables/device-file-certificate-info.ts';
import { deviceFileEvents } from './tables/device-file-events.ts';
import { deviceImageLoadEvents } from './tables/device-image-load-events.ts';
import { deviceInfo } from './tables/device-info.ts';
import { deviceLogonEvents } from './tables/device-logon-events.ts';
import { deviceNetworkEvents } from './tables/device-network-events.ts';
import { deviceNetworkInfo } from './tables/device-network-info.ts';
import { deviceProcessEvents } from './tables/device-process-events.ts';
import { deviceRegistryEvents } from './tables/device-registry-events.ts';
import { emailAttachmentInfo } from './tables/email-attachment-info.ts';
import { emailEvents } from './tables/email-events.ts';
import { emailPostDeliveryEvents } from './tables/email-post-delivery-events.ts';
import { emailUrlInfo } from './tables/email-url-info.ts';
import { identityDirectoryEvents } from './tables/identity-directory-events.ts';
import { identityInfo } from './tables/identity-info.ts';
import { identityLogonEvents } from './tables/identity-logon-events.ts';
import { identityQueryEvents } from './tables/identity-query-events.ts';
import { urlClickEvents } from './tables/url-click-events.ts';
import type { TableMapper } from './types.ts';

/** OCSF class of records for tables without a mapper. */
export const BASE_EVENT_CLASS = 'base_event';

/** One line per mapped table. A table not listed here still flows, as `base_event`. */
const MAPPERS: readonly TableMapper[] = [
  alertEvidence,
  alertInfo,
  behaviorEntities,
  behaviorInfo,
  cloudAppEvents,
  deviceEvents,
  deviceFileCertificateInfo,
  deviceFileEvents,
  deviceImageLoadEvents,
  deviceInfo,
  deviceLogonEvents,
  deviceNetworkEvents,
  deviceNetworkInfo,
  deviceProcessEvents,
  deviceRegistryEvents,
  emailAttachmentInfo,
  emailEvents,
  emailPostDeliveryEvents,
  emailUrlInfo,
  identityDirectoryEvents,
  identityInfo,
  identityLogonEvents,
  identityQueryEvents,
  urlClickEvents,
];

export const mapperRegistry: ReadonlyMap<string, TableMapper> = new Map(MAPPERS.map((m) => [m.table, m]));

/** Mapped table → the OCSF class names its mapper can emit (used for the Athena tables). */
export function classesByTable(): ReadonlyMap<string, readonly string[]> {
  return new Map(MAPPERS.map((m) => [m.table, m.classes]));
}
