import type { OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';

export const PROFILE_SECURITY_CONTROL = 'security_control';
export const PROFILE_HOST = 'host';

export const ACTION_ALLOWED = 1;
export const ACTION_DENIED = 2;
export const ACTION_MODIFIED = 4;
const ACTION_CAPTIONS: Readonly<Record<number, string>> = { 0: 'Unknown', 1: 'Allowed', 2: 'Denied', 3: 'Observed', 4: 'Modified' };

export const DISPOSITION_ALLOWED = 1;
export const DISPOSITION_BLOCKED = 2;
export const DISPOSITION_QUARANTINED = 3;
export const DISPOSITION_DELETED = 5;
export const DISPOSITION_DROPPED = 6;
export const DISPOSITION_RESTORED = 9;
export const DISPOSITION_CORRECTED = 11;
export const DISPOSITION_DELAYED = 14;
export const DISPOSITION_TAGGED = 18;
export const DISPOSITION_ALERT = 19;
export const DISPOSITION_ERROR = 27;
const DISPOSITION_CAPTIONS: Readonly<Record<number, string>> = {
  1: 'Allowed', 2: 'Blocked', 3: 'Quarantined', 5: 'Deleted', 6: 'Dropped', 9: 'Restored', 11: 'Corrected',
  14: 'Delayed', 18: 'Tagged', 19: 'Alert', 27: 'Error',
};

export const STATUS_SUCCESS = 1;
export const STATUS_FAILURE = 2;
const STATUS_CAPTIONS: Readonly<Record<number, string>> = { 0: 'Unknown', 1: 'Success', 2: 'Failure' };

const OTHER = 99;

/** What a security control did (`action_id`) and with which outcome (`disposition_id`); either may be unknown. */
export interface ControlOutcome {
  readonly actionId?: number;
  readonly dispositionId?: number;
}

/**
 * Whether `text` (a source value mapped to `outcome`) reads as one of its captions, so the record shows
 * it verbatim. Callers take the source column only then: a value the enum renames stays under `unmapped`.
 */
export function outcomeShows(outcome: ControlOutcome, text: string): boolean {
  const lower = text.toLowerCase();
  return (
    (outcome.actionId !== undefined && ACTION_CAPTIONS[outcome.actionId]?.toLowerCase() === lower) ||
    (outcome.dispositionId !== undefined && DISPOSITION_CAPTIONS[outcome.dispositionId]?.toLowerCase() === lower)
  );
}

export function statusShows(statusId: number, text: string): boolean {
  return STATUS_CAPTIONS[statusId]?.toLowerCase() === text.toLowerCase();
}

/** Sets `action_id`/`disposition_id` with their captions (security_control profile attributes). */
export function setControlOutcome(record: OcsfRecord, outcome: ControlOutcome): void {
  if (outcome.actionId !== undefined) {
    record.action_id = outcome.actionId;
    record.action = ACTION_CAPTIONS[outcome.actionId];
  }
  if (outcome.dispositionId !== undefined) {
    record.disposition_id = outcome.dispositionId;
    record.disposition = DISPOSITION_CAPTIONS[outcome.dispositionId];
  }
}

/** A disposition the source names but OCSF does not: 99 Other with the source's words. */
export function setOtherDisposition(record: OcsfRecord, text: string): void {
  record.disposition_id = OTHER;
  record.disposition = text;
}

export function setStatus(record: OcsfRecord, statusId: number, detail?: string): void {
  record.status_id = statusId;
  record.status = STATUS_CAPTIONS[statusId];
  if (detail) record.status_detail = detail;
}

/** A status the source names but OCSF does not: 99 Other with the source's words. */
export function setOtherStatus(record: OcsfRecord, text: string): void {
  record.status_id = OTHER;
  record.status = text;
}

/**
 * Microsoft threat names are `Type:Platform/Family.Variant` (e.g. `Trojan:Win32/Emotet.A`); the type
 * gives the OCSF malware classification. Types OCSF has no class for become 99 Other with the type as text.
 */
const CLASSIFICATIONS: Readonly<Record<string, readonly [number, string]>> = {
  adware: [1, 'Adware'],
  backdoor: [2, 'Backdoor'],
  ddos: [5, 'DDOS'],
  trojandownloader: [6, 'Downloader'],
  trojandropper: [7, 'Dropper'],
  ransom: [10, 'Ransomware'],
  rogue: [14, 'Rogue-Security-Software'],
  spyware: [17, 'Spyware'],
  trojanspy: [17, 'Spyware'],
  pws: [17, 'Spyware'],
  trojan: [18, 'Trojan'],
  virus: [19, 'Virus'],
  worm: [22, 'Worm'],
};

/**
 * A comma-separated threat-name column (`ThreatNames`) → OCSF `malware[]` (security_control profile).
 * A list of several names is not taken: no attribute holds its text verbatim, so it stays under `unmapped` too.
 */
export function malwareOf(columns: Columns, name: string): Record<string, unknown>[] | undefined {
  const value = columns.values[name];
  if (typeof value !== 'string' || value === '') return undefined;
  let malware: Record<string, unknown>[] | undefined;
  for (const part of value.split(',')) {
    const threat = part.trim();
    if (threat) (malware ??= []).push(malwareEntry(threat));
  }
  if (malware?.length === 1 && malware[0]!.name === value) columns.take(name);
  return malware;
}

function malwareEntry(threat: string): Record<string, unknown> {
  const colon = threat.indexOf(':');
  if (colon <= 0) return { name: threat, classification_ids: [0], classifications: ['Unknown'] };
  const type = threat.slice(0, colon);
  const known = CLASSIFICATIONS[type.toLowerCase()];
  return known
    ? { name: threat, classification_ids: [known[0]], classifications: [known[1]] }
    : { name: threat, classification_ids: [OTHER], classifications: [type] };
}

export interface Confidence {
  readonly id: number;
  readonly caption: string;
}

const CONFIDENCES: Readonly<Record<string, Confidence>> = {
  Low: { id: 1, caption: 'Low' },
  Normal: { id: 2, caption: 'Medium' },
  Medium: { id: 2, caption: 'Medium' },
  High: { id: 3, caption: 'High' },
};

/**
 * `ConfidenceLevel` (`{"Phish":"High","Spam":5}`) → the confidence of the phishing verdict, for
 * `confidence_id` (security_control profile). The spam entry is a spam confidence level (SCL) score,
 * not a confidence in a verdict, so it stays under `unmapped.ConfidenceLevel` (as does a renamed level, `Normal`).
 */
export function phishConfidenceOf(columns: Columns, name: string): Confidence | undefined {
  const levels = columns.object(name);
  const phish = levels?.values.Phish;
  const confidence = typeof phish === 'string' ? CONFIDENCES[phish] : undefined;
  if (confidence && confidence.caption === phish) levels!.take('Phish');
  return confidence;
}

export function setConfidence(record: OcsfRecord, confidence: Confidence): void {
  record.confidence_id = confidence.id;
  record.confidence = confidence.caption;
}

const PROFILES_HOST_CONTROL = [PROFILE_HOST, PROFILE_SECURITY_CONTROL];
const PROFILES_HOST = [PROFILE_HOST];
const PROFILES_CONTROL = [PROFILE_SECURITY_CONTROL];

/** The profiles a mail or click record declares: `host` when it names an actor, `security_control` when it carries a verdict. */
export function mailProfilesOf(hasActor: boolean, hasControl: boolean): readonly string[] | undefined {
  if (hasActor) return hasControl ? PROFILES_HOST_CONTROL : PROFILES_HOST;
  return hasControl ? PROFILES_CONTROL : undefined;
}
