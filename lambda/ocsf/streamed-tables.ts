/**
 * Tables the Streaming API exports: the 21 that Microsoft lists as GA, plus IdentityInfo,
 * BehaviorInfo and BehaviorEntities, which real exports have been seen to carry.
 * Every one of them has a mapper and a fixture pair (a test enforces it).
 */
export const STREAMED_TABLES = [
  'AlertEvidence',
  'AlertInfo',
  'BehaviorEntities',
  'BehaviorInfo',
  'CloudAppEvents',
  'DeviceEvents',
  'DeviceFileCertificateInfo',
  'DeviceFileEvents',
  'DeviceImageLoadEvents',
  'DeviceInfo',
  'DeviceLogonEvents',
  'DeviceNetworkEvents',
  'DeviceNetworkInfo',
  'DeviceProcessEvents',
  'DeviceRegistryEvents',
  'EmailAttachmentInfo',
  'EmailEvents',
  'EmailPostDeliveryEvents',
  'EmailUrlInfo',
  'IdentityDirectoryEvents',
  'IdentityInfo',
  'IdentityLogonEvents',
  'IdentityQueryEvents',
  'UrlClickEvents',
] as const;
