import { Columns } from '../common/columns.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { fingerprintsOf } from '../common/fingerprints.ts';
import { completeEmailParties, EMAIL_SCAN, emailCoreOf, envelopeRecipientsOf, senderUserOf } from '../common/mail-message.ts';
import { mailProfilesOf, malwareOf } from '../common/mail-verdict.ts';
import { compact } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const REGULAR_FILE = 1;
const DIRECTION_UNKNOWN = 0;

/**
 * EmailAttachmentInfo → Email Activity (4009) with the attachment in `email.files[]`, as OCSF asks
 * since it deprecated Email File Activity (1.3.0). One row per attachment, written when Defender for
 * Office 365 scanned the message: activity 3 Scan. The table has no direction column (0 Unknown).
 */
export const emailAttachmentInfo: TableMapper = {
  table: 'EmailAttachmentInfo',
  classes: ['email_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const email = emailCoreOf(columns);
    const to = envelopeRecipientsOf(columns);
    if (!completeEmailParties(email, to)) return baseEventOf(row);
    const file = attachmentOf(columns);
    if (file) email.files = [file];

    const sender = senderUserOf(columns, email.from as string | undefined);
    const malware = malwareOf(columns, 'ThreatNames');
    const profiles = mailProfilesOf(Boolean(sender), Boolean(malware));

    const record = newEvent(row, columns, { className: 'email_activity', activityId: EMAIL_SCAN, profiles });
    record.direction_id = DIRECTION_UNKNOWN;
    record.direction = 'Unknown';
    record.email = email;
    if (to) record.to = to;
    if (email.uid) record.metadata.correlation_uid = email.uid as string;
    if (sender) record.actor = { user: sender };
    if (malware) record.malware = malware;
    columns.object('DetectionMethods');
    return withUnmapped(record, columns);
  },
};

/** `FileName`, `FileType` (the detected type, given as an extension), `SHA256`, `FileSize` → OCSF `file`. */
function attachmentOf(columns: Columns): Record<string, unknown> | undefined {
  const name = columns.text('FileName');
  if (!name) return undefined;
  return compact({
    name,
    type_id: REGULAR_FILE,
    type: 'Regular File',
    ext: columns.text('FileType'),
    size: columns.int('FileSize'),
    hashes: fingerprintsOf(columns, ''),
  });
}
