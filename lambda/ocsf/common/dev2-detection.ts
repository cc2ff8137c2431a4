import type { DefenderRow, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import { deviceOf } from './device.ts';
import { deviceEvidenceOf } from './dev2-evidence.ts';
import { malwareOf } from './dev2-malware.ts';
import { applyOutcome, BLOCKED, type ControlOutcome, DETECTED, SECURITY_CONTROL_PROFILE } from './dev2-security-control.ts';
import { newEvent } from './event.ts';
import { INITIATING_PROCESS, processOf } from './process.ts';
import { compact, toBoolean } from './values.ts';

const CREATE = 1;
const SEVERITY_UNKNOWN = 0;
const ANALYTIC_RULE = { type_id: 1, type: 'Rule' } as const;
/** Remediation (clean, quarantine or remove) without saying which: the activity was corrected. */
const REMEDIATED: ControlOutcome = { actionId: 4, action: 'Modified', dispositionId: 11, disposition: 'Corrected' };

/**
 * A DeviceEvents row reported by an endpoint control (antivirus, attack surface reduction, exploit and
 * network protection, SmartScreen, application control, tamper protection) → Detection Finding (2004).
 *
 * - `finding_info.uid` is the record's own uid (the row has no detection id); the title is the
 *   threat name when the antivirus gives one, else the ActionType.
 * - The outcome comes from the ActionType (`…Blocked` / `…Audited` / `…Warning`), refined by
 *   `AdditionalFields.IsAudit` (exploit guard, ASR) and `WasRemediated` (antivirus).
 * - Defender states no severity on these rows: `severity_id` is 0 (Unknown) rather than a guess.
 */
export function detectionFindingOf(row: DefenderRow, columns: Columns, outcome: ControlOutcome): OcsfRecord {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const threatName = details?.text('ThreatName');
  const ruleId = details?.text('RuleId');
  const record = newEvent(row, columns, {
    className: 'detection_finding',
    activityId: CREATE,
    profiles: ['host', SECURITY_CONTROL_PROFILE],
    severityId: SEVERITY_UNKNOWN,
  });
  record.finding_info = compact({
    uid: record.metadata.uid,
    title: threatName ?? (record.metadata.event_code as string | undefined) ?? 'Endpoint detection',
    desc: details?.text('Description'),
    analytic: ruleId ? { uid: ruleId, ...ANALYTIC_RULE } : undefined,
  });
  applyOutcome(record, details ? refinedOutcome(details, outcome) : outcome);
  if (threatName) record.malware = [malwareOf(threatName)];
  const evidence = deviceEvidenceOf(columns, record.metadata);
  if (evidence) record.evidences = [evidence];
  if (actorProcess) record.actor = { process: actorProcess };
  if (device) record.device = device;
  return record;
}

/** The flags only select the outcome; they have no attribute of their own, so they stay under `unmapped`. */
function refinedOutcome(details: Columns, outcome: ControlOutcome): ControlOutcome {
  if (outcome === BLOCKED || outcome === DETECTED) {
    const isAudit = toBoolean(details.values.IsAudit);
    if (isAudit !== undefined) return isAudit ? DETECTED : BLOCKED;
  }
  if (outcome === DETECTED && toBoolean(details.values.WasRemediated) === true) return REMEDIATED;
  return outcome;
}
