import type { OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import { emailAddressArrayOf, emailAddressOf } from './mail-address.ts';
import { compact } from './values.ts';

export const EMAIL_SEND = 1;
export const EMAIL_RECEIVE = 2;
export const EMAIL_SCAN = 3;
export const EMAIL_UNKNOWN = 0;

const DIRECTION_OTHER = 99;

export interface EmailDirection {
  /** `direction_id` and its caption (`direction`). */
  readonly id: number;
  readonly caption: string;
  /** The email_activity activity a row with this direction reports (Defender logs one row per recipient). */
  readonly activityId: number;
}

const UNKNOWN_DIRECTION: EmailDirection = { id: 0, caption: 'Unknown', activityId: EMAIL_UNKNOWN };
const DIRECTIONS: Readonly<Record<string, EmailDirection>> = {
  Inbound: { id: 1, caption: 'Inbound', activityId: EMAIL_RECEIVE },
  Outbound: { id: 2, caption: 'Outbound', activityId: EMAIL_SEND },
  'Intra-org': { id: 3, caption: 'Internal', activityId: EMAIL_RECEIVE },
};

/**
 * `EmailDirection` → `direction_id` (required in email_activity) and the activity it implies. No
 * direction → 0 Unknown; a direction OCSF does not know → 99 Other with the source's words. The column
 * is taken when the record shows its text (`Intra-org`, captioned Internal, stays under `unmapped` too).
 */
export function emailDirectionOf(columns: Columns): EmailDirection {
  const text = columns.values.EmailDirection;
  if (typeof text !== 'string' || text === '') return UNKNOWN_DIRECTION;
  const known = DIRECTIONS[text];
  if (!known || known.caption === text) columns.take('EmailDirection');
  return known ?? { id: DIRECTION_OTHER, caption: text, activityId: EMAIL_UNKNOWN };
}

export function setDirection(record: OcsfRecord, direction: EmailDirection): void {
  record.direction_id = direction.id;
  record.direction = direction.caption;
}

/**
 * The message identity columns every Defender for Office 365 table shares → the core of OCSF `email`:
 * `NetworkMessageId` (the join key across the email tables) as `uid`, `InternetMessageId` as
 * `message_uid`, the header From address as `from`.
 */
export function emailCoreOf(columns: Columns): Record<string, unknown> {
  const email: Record<string, unknown> = {};
  const uid = columns.text('NetworkMessageId');
  if (uid) email.uid = uid;
  const messageUid = columns.text('InternetMessageId');
  if (messageUid) email.message_uid = messageUid;
  const from = emailAddressOf(columns, 'SenderFromAddress');
  if (from) email.from = from;
  return email;
}

/**
 * OCSF `email` needs `from` or `to`. When the header addresses are missing, the recipient the row is
 * about (`RecipientEmailAddress`, already the envelope `to`) is the one recipient the message surely had.
 * Returns false when the email still has neither, so the caller can fall back to `base_event`.
 */
export function completeEmailParties(email: Record<string, unknown>, envelopeTo: string[] | undefined): boolean {
  if (email.from !== undefined || email.to !== undefined) return true;
  if (!envelopeTo) return false;
  email.to = envelopeTo;
  return true;
}

/** `RecipientEmailAddress` → the envelope recipients (`to` of email_activity). */
export function envelopeRecipientsOf(columns: Columns): string[] | undefined {
  return emailAddressArrayOf(columns, 'RecipientEmailAddress');
}

/**
 * The sender columns → `actor.user` (host profile in the email classes): the sender is the party that
 * originated the message. An external sender has no directory id, so its address is its `name`.
 */
export function senderUserOf(columns: Columns, address: string | undefined): Record<string, unknown> | undefined {
  const uid = columns.text('SenderObjectId');
  if (!uid && !address) return undefined;
  return compact({
    name: uid ? undefined : address,
    uid,
    display_name: columns.text('SenderDisplayName'),
    email_addr: address,
    domain: address ? columns.text('SenderFromDomain') : undefined,
  });
}
