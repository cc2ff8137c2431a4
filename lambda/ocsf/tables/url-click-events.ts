import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { hostOfUrl } from '../common/mail-url.ts';
import { ACTION_ALLOWED, ACTION_DENIED, DISPOSITION_ALERT, DISPOSITION_ALLOWED, DISPOSITION_BLOCKED, DISPOSITION_DELAYED, DISPOSITION_ERROR, mailProfilesOf, setControlOutcome, setStatus, STATUS_FAILURE, STATUS_SUCCESS, type ControlOutcome } from '../common/mail-verdict.ts';
import { toBoolean } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isAbsoluteUrl, isEmailAddress } from '../common/formats.ts';

const READ = 2;

interface ClickOutcome extends ControlOutcome {
  readonly statusId?: number;
}

/** Safe Links verdicts: every known ActionType is the user fetching a URL (Read); the verdict is the outcome. */
const CLICK_OUTCOMES: Readonly<Record<string, ClickOutcome>> = {
  ClickAllowed: { actionId: ACTION_ALLOWED, dispositionId: DISPOSITION_ALLOWED, statusId: STATUS_SUCCESS },
  ClickBlocked: { actionId: ACTION_DENIED, dispositionId: DISPOSITION_BLOCKED, statusId: STATUS_FAILURE },
  ClickBlockedByTenantPolicy: { actionId: ACTION_DENIED, dispositionId: DISPOSITION_BLOCKED, statusId: STATUS_FAILURE },
  UrlErrorPage: { dispositionId: DISPOSITION_ERROR, statusId: STATUS_FAILURE },
  UrlScanInProgress: { dispositionId: DISPOSITION_DELAYED },
};

/** A blocked click the user went on with from the warning page (`IsClickedThrough`): warned, not blocked. */
const CLICKED_THROUGH: ClickOutcome = { actionId: ACTION_ALLOWED, dispositionId: DISPOSITION_ALERT, statusId: STATUS_SUCCESS };

/**
 * UrlClickEvents → Web Resources Activity (6001) with the security_control profile (OCSF 1.8.0's
 * replacement for the deprecated Web Resource Access Activity): the clicked URL is the web resource,
 * the Safe Links verdict is action/disposition/status, the user (`AccountUpn`) and client app are the
 * actor (host profile), and `NetworkMessageId` is `metadata.correlation_uid` as in the email tables.
 */
export const urlClickEvents: TableMapper = {
  table: 'UrlClickEvents',
  classes: ['web_resources_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const url = columns.text('Url');
    if (!url) return baseEventOf(row);
    const actionType = columns.values.ActionType;
    let outcome = typeof actionType === 'string' ? CLICK_OUTCOMES[actionType] : undefined;
    // IsClickedThrough stays under `unmapped` as well: false on most rows, it refines the verdict only here.
    if (outcome?.dispositionId === DISPOSITION_BLOCKED && toBoolean(columns.values.IsClickedThrough)) outcome = CLICKED_THROUGH;
    const actor = actorOf(columns);
    const profiles = mailProfilesOf(Boolean(actor), Boolean(outcome));

    const record = newEvent(row, columns, { className: 'web_resources_activity', activityId: outcome ? READ : ACTIVITY_OTHER, profiles });
    record.web_resources = webResourcesOf(columns, url);
    const ip = columns.ip('IPAddress');
    if (ip) record.src_endpoint = { ip };
    if (actor) record.actor = actor;
    if (outcome) {
      setControlOutcome(record, outcome);
      if (outcome.statusId !== undefined) setStatus(record, outcome.statusId);
    }
    const messageUid = columns.text('NetworkMessageId');
    if (messageUid) record.metadata.correlation_uid = messageUid;
    columns.object('DetectionMethods');
    return withUnmapped(record, columns);
  },
};

/**
 * The clicked URL, then the other URLs of its redirect chain (`UrlChain`, a JSON array): each is a web
 * resource the click fetched, named by its host. A URL that is not absolute (no scheme) cannot be a
 * `url_t`: it is the resource's name only.
 */
function webResourcesOf(columns: Columns, url: string): Record<string, unknown>[] {
  const resources = [webResourceOf(url)];
  const chain = columns.peekJson('UrlChain');
  if (!Array.isArray(chain) || !chain.every(isUrlText)) return resources;
  for (const hop of chain) if (hop !== url) resources.push(webResourceOf(hop));
  columns.take('UrlChain');
  return resources;
}

function webResourceOf(url: string): Record<string, unknown> {
  return isAbsoluteUrl(url) ? { name: hostOfUrl(url) ?? url, url_string: url } : { name: url };
}

function isUrlText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** `AccountUpn` → `actor.user` (name, and email address when it is one); `AppName` → `actor.app_name`. */
function actorOf(columns: Columns): Record<string, unknown> | undefined {
  const upn = columns.text('AccountUpn');
  const appName = columns.text('AppName');
  if (!upn && !appName) return undefined;
  const actor: Record<string, unknown> = {};
  if (upn) actor.user = isEmailAddress(upn) ? { name: upn, email_addr: upn } : { name: upn };
  if (appName) actor.app_name = appName;
  return actor;
}
