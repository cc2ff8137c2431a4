import type { OcsfRecord } from '../types.ts';

/** The `security_control` profile's outcome pair: what the control did (`action_id`) and how (`disposition_id`). */
export interface ControlOutcome {
  readonly actionId: number;
  readonly action: string;
  readonly dispositionId: number;
  readonly disposition: string;
}

export const SECURITY_CONTROL_PROFILE = 'security_control';

export const ALLOWED: ControlOutcome = { actionId: 1, action: 'Allowed', dispositionId: 1, disposition: 'Allowed' };
export const BLOCKED: ControlOutcome = { actionId: 2, action: 'Denied', dispositionId: 2, disposition: 'Blocked' };
/** Audit mode: the control saw the activity and let it run. */
export const DETECTED: ControlOutcome = { actionId: 3, action: 'Observed', dispositionId: 15, disposition: 'Detected' };
/** The user was warned (SmartScreen) but not stopped. */
export const ALERTED: ControlOutcome = { actionId: 3, action: 'Observed', dispositionId: 19, disposition: 'Alert' };
/** The antivirus could not clean or quarantine what it found. */
export const UNCORRECTED: ControlOutcome = { actionId: 3, action: 'Observed', dispositionId: 13, disposition: 'Uncorrected' };

/** Sets `action_id`/`disposition_id` with their captions; the record must list the `security_control` profile. */
export function applyOutcome(record: OcsfRecord, outcome: ControlOutcome): void {
  record.action_id = outcome.actionId;
  record.action = outcome.action;
  record.disposition_id = outcome.dispositionId;
  record.disposition = outcome.disposition;
}
