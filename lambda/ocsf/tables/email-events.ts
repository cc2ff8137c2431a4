import { Columns } from '../common/columns.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { emailAddressListOf, emailAddressOf } from '../common/mail-address.ts';
import {
  completeEmailParties, emailCoreOf, emailDirectionOf, envelopeRecipientsOf, senderUserOf, setDirection,
} from '../common/mail-message.ts';
import { ACTION_ALLOWED, ACTION_DENIED, ACTION_MODIFIED, DISPOSITION_ALLOWED, DISPOSITION_BLOCKED, DISPOSITION_CORRECTED, DISPOSITION_DROPPED, DISPOSITION_QUARANTINED, DISPOSITION_TAGGED, mailProfilesOf, malwareOf, outcomeShows, phishConfidenceOf, setConfidence, setControlOutcome, type ControlOutcome } from '../common/mail-verdict.ts';
import { compact } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/** `DeliveryAction` → what Defender for Office 365 did with the message. */
const DELIVERY_OUTCOMES: Readonly<Record<string, ControlOutcome>> = {
  Delivered: { actionId: ACTION_ALLOWED, dispositionId: DISPOSITION_ALLOWED },
  Junked: { actionId: ACTION_MODIFIED, dispositionId: DISPOSITION_TAGGED },
  Blocked: { actionId: ACTION_DENIED, dispositionId: DISPOSITION_BLOCKED },
  Replaced: { actionId: ACTION_MODIFIED, dispositionId: DISPOSITION_CORRECTED },
};

/** A blocked message's `DeliveryLocation` says how it was blocked (it stays under `unmapped` too). */
const BLOCKED_OUTCOMES: Readonly<Record<string, ControlOutcome>> = {
  Quarantine: { actionId: ACTION_DENIED, dispositionId: DISPOSITION_QUARANTINED },
  Dropped: { actionId: ACTION_DENIED, dispositionId: DISPOSITION_DROPPED },
};

/**
 * EmailEvents → Email Activity (4009): one row per message and recipient, with Defender for Office
 * 365's verdict. `EmailDirection` gives the activity (Inbound/Intra-org → Receive, Outbound → Send) and
 * `direction_id`; `DeliveryAction` the security-control action and disposition.
 */
export const emailEvents: TableMapper = {
  table: 'EmailEvents',
  classes: ['email_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const email = emailCoreOf(columns);
    const headerTo = emailAddressListOf(columns, 'To');
    if (headerTo) email.to = headerTo;
    const cc = emailAddressListOf(columns, 'Cc');
    if (cc) email.cc = cc;
    const subject = columns.text('Subject');
    if (subject !== undefined) email.subject = subject;
    const size = columns.int('EmailSize');
    if (size !== undefined) email.size = size;
    const to = envelopeRecipientsOf(columns);
    if (!completeEmailParties(email, to)) return baseEventOf(row);

    const sender = senderUserOf(columns, email.from as string | undefined);
    const outcome = deliveryOutcome(columns);
    const malware = malwareOf(columns, 'ThreatNames');
    const policy = compact({ name: columns.text('EmailActionPolicy'), uid: columns.text('EmailActionPolicyGuid') });
    const confidence = phishConfidenceOf(columns, 'ConfidenceLevel');
    const authorizations = tenantPoliciesOf(columns);
    const control =
      outcome !== undefined || malware !== undefined || policy !== undefined || confidence !== undefined || authorizations !== undefined;
    const profiles = mailProfilesOf(Boolean(sender), Boolean(control));

    const direction = emailDirectionOf(columns);
    const record = newEvent(row, columns, { className: 'email_activity', activityId: direction.activityId, profiles });
    setDirection(record, direction);
    record.email = email;
    const envelopeFrom = emailAddressOf(columns, 'SenderMailFromAddress');
    if (envelopeFrom) record.from = envelopeFrom;
    if (to) record.to = to;
    if (email.uid) record.metadata.correlation_uid = email.uid as string;
    const auth = emailAuthOf(columns);
    if (auth) record.email_auth = auth;
    const ip = columns.ip('SenderIPv4') ?? columns.ip('SenderIPv6');
    if (ip) record.src_endpoint = { ip };
    if (sender) record.actor = { user: sender };
    if (outcome) setControlOutcome(record, outcome);
    if (malware) record.malware = malware;
    if (policy) record.policy = policy;
    if (confidence) setConfidence(record, confidence);
    if (authorizations) record.authorizations = authorizations;
    decodeVerdictDetails(columns);
    return withUnmapped(record, columns);
  },
};

/** `DeliveryAction` → action/disposition; the column is taken only when a caption shows its text. */
function deliveryOutcome(columns: Columns): ControlOutcome | undefined {
  const action = columns.values.DeliveryAction;
  if (typeof action !== 'string') return undefined;
  let outcome = DELIVERY_OUTCOMES[action];
  if (!outcome) return undefined;
  if (outcome.dispositionId === DISPOSITION_BLOCKED) {
    const location = columns.values.DeliveryLocation;
    outcome = (typeof location === 'string' ? BLOCKED_OUTCOMES[location] : undefined) ?? outcome;
  }
  if (outcomeShows(outcome, action)) columns.take('DeliveryAction');
  return outcome;
}

const LEVEL_POLICIES = [
  ['OrgLevelAction', 'OrgLevelPolicy'],
  ['UserLevelAction', 'UserLevelPolicy'],
] as const;

/**
 * The organization- and mailbox-level policies that overrode the verdict (tenant allow/block lists,
 * a user's safe/blocked senders) → `authorizations[]` (security_control): the action as the decision,
 * the policy by name. A policy without an action is not an authorization and stays under `unmapped`.
 */
function tenantPoliciesOf(columns: Columns): Record<string, unknown>[] | undefined {
  let authorizations: Record<string, unknown>[] | undefined;
  for (const [action, policy] of LEVEL_POLICIES) {
    const decision = columns.text(action);
    if (decision === undefined) continue;
    const name = columns.text(policy);
    (authorizations ??= []).push(name ? { decision, policy: { name } } : { decision });
  }
  return authorizations;
}

/** JSON-in-string columns with no OCSF home: decoded, so they land under `unmapped` as objects. */
const VERDICT_DETAILS = ['DetectionMethods', 'OriginalDetectionMethods', 'OriginalConfidenceLevel', 'AdditionalFields'];

function decodeVerdictDetails(columns: Columns): void {
  for (const name of VERDICT_DETAILS) columns.object(name);
}

/** `AuthenticationDetails` (`{"SPF":"pass","DKIM":"none","DMARC":"fail","CompAuth":"fail"}`) → `email_auth`. */
function emailAuthOf(columns: Columns): Record<string, unknown> | undefined {
  const details = columns.object('AuthenticationDetails');
  if (!details) return undefined;
  return compact({ spf: details.text('SPF'), dkim: details.text('DKIM'), dmarc: details.text('DMARC') });
}
