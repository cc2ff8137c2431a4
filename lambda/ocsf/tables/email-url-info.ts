import { Columns } from '../common/columns.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { EMAIL_SCAN } from '../common/mail-message.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isAbsoluteUrl, isHostname } from '../common/formats.ts';

/**
 * EmailUrlInfo → Email URL Activity (4012), activity 3 Scan (Defender for Office 365 extracted the URL
 * while scanning the message). OCSF 1.8.0 would rather have `email.urls[]` in Email Activity, but its
 * `email` object needs a `from` or `to` address and this table carries neither: the deprecated class
 * is the one that holds these rows validly. `email_uid` (the NetworkMessageId) joins them to the
 * message's EmailEvents record (`email.uid`); `metadata.correlation_uid` holds it in every email table.
 */
export const emailUrlInfo: TableMapper = {
  table: 'EmailUrlInfo',
  classes: ['email_url_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const emailUid = columns.text('NetworkMessageId');
    const urlValue = columns.values.Url;
    // `url` needs a url_string (or a path): a URL without a scheme is no `url_t`, so such a row stays whole.
    if (!emailUid || typeof urlValue !== 'string' || !isAbsoluteUrl(urlValue)) return baseEventOf(row);
    const urlString = columns.text('Url')!;
    const url: Record<string, unknown> = { url_string: urlString };
    const hostname = columns.values.UrlDomain;
    if (isHostname(hostname)) {
      url.hostname = hostname;
      columns.take('UrlDomain');
    }

    const record = newEvent(row, columns, { className: 'email_url_activity', activityId: EMAIL_SCAN });
    record.email_uid = emailUid;
    record.url = url;
    record.metadata.correlation_uid = emailUid;
    return withUnmapped(record, columns);
  },
};
