import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { completeEmailParties, emailCoreOf, emailDirectionOf, envelopeRecipientsOf, setDirection } from '../common/mail-message.ts';
import { ACTION_ALLOWED, ACTION_DENIED, ACTION_MODIFIED, DISPOSITION_DELETED, DISPOSITION_QUARANTINED, DISPOSITION_RESTORED, DISPOSITION_TAGGED, mailProfilesOf, outcomeShows, setControlOutcome, setOtherDisposition, setOtherStatus, setStatus, STATUS_FAILURE, STATUS_SUCCESS, statusShows, type ControlOutcome } from '../common/mail-verdict.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/** `Action`: what the remediation did to the delivered message. */
const ACTION_OUTCOMES: Readonly<Record<string, ControlOutcome>> = {
  'Moved to quarantine': { actionId: ACTION_DENIED, dispositionId: DISPOSITION_QUARANTINED },
  'Moved to junk folder': { actionId: ACTION_MODIFIED, dispositionId: DISPOSITION_TAGGED },
  'Moved to deleted items': { actionId: ACTION_DENIED, dispositionId: DISPOSITION_DELETED },
  'Soft delete': { actionId: ACTION_DENIED, dispositionId: DISPOSITION_DELETED },
  'Hard delete': { actionId: ACTION_DENIED, dispositionId: DISPOSITION_DELETED },
  'Moved to inbox': { actionId: ACTION_ALLOWED, dispositionId: DISPOSITION_RESTORED },
};

const RESULT_STATUSES: Readonly<Record<string, number>> = {
  Success: STATUS_SUCCESS,
  Succeeded: STATUS_SUCCESS,
  Error: STATUS_FAILURE,
  Failed: STATUS_FAILURE,
  Failure: STATUS_FAILURE,
};

/**
 * EmailPostDeliveryEvents → Email Activity (4009). OCSF has no activity (and no remediation class)
 * for actions on an already delivered message (ZAP, manual remediation, redelivery), so the activity
 * is 99 Other named by the ActionType. `Action` → action/disposition (security_control),
 * `ActionResult` → status, `ActionTrigger` (ZAP, admin action, …) → `actor.app_name`.
 */
export const emailPostDeliveryEvents: TableMapper = {
  table: 'EmailPostDeliveryEvents',
  classes: ['email_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const email = emailCoreOf(columns);
    const to = envelopeRecipientsOf(columns);
    if (!completeEmailParties(email, to)) return baseEventOf(row);
    const trigger = columns.text('ActionTrigger');
    const direction = emailDirectionOf(columns);
    const acted = columns.has('Action');
    const profiles = mailProfilesOf(Boolean(trigger), Boolean(acted));

    const record = newEvent(row, columns, { className: 'email_activity', activityId: ACTIVITY_OTHER, profiles });
    setDirection(record, direction);
    record.email = email;
    if (to) record.to = to;
    if (email.uid) record.metadata.correlation_uid = email.uid as string;
    if (trigger) record.actor = { app_name: trigger };
    setRemediation(record, columns);
    setResult(record, columns);
    columns.object('DetectionMethods');
    return withUnmapped(record, columns);
  },
};

/** `Action` → action/disposition; taken when a caption shows its text, else it stays under `unmapped` too. */
function setRemediation(record: OcsfRecord, columns: Columns): void {
  const action = columns.values.Action;
  if (typeof action !== 'string' || action === '') return;
  const outcome = ACTION_OUTCOMES[action];
  if (outcome) {
    setControlOutcome(record, outcome);
    if (outcomeShows(outcome, action)) columns.take('Action');
  } else {
    setOtherDisposition(record, action);
    columns.take('Action');
  }
}

/** `ActionResult` → status; the source's word is the status detail when the caption does not show it (`Error`). */
function setResult(record: OcsfRecord, columns: Columns): void {
  const result = columns.text('ActionResult');
  if (result === undefined) return;
  const statusId = RESULT_STATUSES[result];
  if (statusId !== undefined) setStatus(record, statusId, statusShows(statusId, result) ? undefined : result);
  else setOtherStatus(record, result);
}
