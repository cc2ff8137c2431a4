import { column, type Columns } from './columns.ts';
import { lookupTable } from './lookup.ts';
import { compact, toBoolean, toInteger, toNumber } from './values.ts';
import { isHostname } from './formats.ts';

/**
 * Builders for the `AdditionalFields` of DeviceNetworkEvents' `*ConnectionInspected` rows, which
 * carry Zeek log fields (http.log, dns.log, ssl.log, conn.log) as strings. Each builder takes only
 * the keys it places; the rest stay under `unmapped.AdditionalFields`.
 */

const HTTP_METHOD_ACTIVITIES = lookupTable<number>({
  CONNECT: 1, DELETE: 2, GET: 3, HEAD: 4, OPTIONS: 5, POST: 6, PUT: 7, TRACE: 8, PATCH: 9,
});

export interface HttpParts {
  /** http_activity activity id from the method; undefined for a method OCSF does not list. */
  readonly activityId: number | undefined;
  readonly request: Record<string, unknown> | undefined;
  readonly response: Record<string, unknown> | undefined;
}

/** Zeek http.log fields → OCSF `http_request` / `http_response`; undefined when neither can be built. */
export function httpOf(fields: Columns): HttpParts | undefined {
  const methodText = fields.values.method;
  const method = typeof methodText === 'string' ? methodText.toUpperCase() : undefined;
  const activityId = method !== undefined ? HTTP_METHOD_ACTIVITIES[method] : undefined;
  if (activityId !== undefined) fields.take('method');
  const request = compact({
    http_method: activityId !== undefined ? method : undefined,
    url: httpUrlOf(fields),
    user_agent: fields.text('user_agent'),
    version: fields.text('version'),
    referrer: fields.text('referrer'),
    body_length: fields.int('request_body_len'),
  });
  const response = httpResponseOf(fields);
  if (!request && !response) return undefined;
  return { activityId, request, response };
}

/**
 * `uri` (the request target) and `host` → OCSF `url`. Origin-form targets (`/path?q`) become
 * path, query and an `http://` URL (inspection only sees clear-text HTTP); an absolute URL is kept
 * whole. Anything else (a CONNECT `host:port`) is not a URL: `uri` and `host` then stay raw.
 */
function httpUrlOf(fields: Columns): Record<string, unknown> | undefined {
  const uriValue = fields.values.uri;
  if (typeof uriValue !== 'string' || uriValue === '') return undefined;
  const uri = uriValue;
  const isOriginForm = uri.charCodeAt(0) === 0x2f;
  if (!isOriginForm && !(uri.includes('://') && URL.canParse(uri))) return undefined;
  const hostValue = fields.values.host;
  const host = typeof hostValue === 'string' && isHostname(hostValue) ? hostValue : undefined;
  if (host !== undefined) fields.take('host');
  if (!isOriginForm) {
    fields.take('uri');
    return compact({ url_string: uri, hostname: host });
  }
  // A target with a query is split into path and query string, so its text also stays raw.
  const query = uri.indexOf('?');
  if (query < 0) fields.take('uri');
  return compact({
    url_string: host !== undefined ? `http://${host}${uri}` : undefined,
    hostname: host,
    path: query >= 0 ? uri.slice(0, query) : uri,
    query_string: query >= 0 && query < uri.length - 1 ? uri.slice(query + 1) : undefined,
  });
}

/** `http_response.code` is required: without a status code the response keys stay raw. */
function httpResponseOf(fields: Columns): Record<string, unknown> | undefined {
  const code = fields.int('status_code');
  if (code === undefined) return undefined;
  return compact({ code, status: fields.text('status_msg'), body_length: fields.int('response_body_len') });
}

const RCODE_CAPTIONS: Readonly<Record<number, string>> = {
  0: 'NoError', 1: 'FormError', 2: 'ServError', 3: 'NXDomain', 4: 'NotImp', 5: 'Refused', 6: 'YXDomain',
  7: 'YXRRSet', 8: 'NXRRSet', 9: 'NotAuth', 10: 'NotZone', 11: 'DSOTYPENI', 16: 'BADSIG_VERS', 17: 'BADKEY',
  18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE',
};

/** Zeek `rcode_name` (IANA mnemonics) → rcode id. */
const RCODE_NAMES = lookupTable<number>({
  noerror: 0, formerr: 1, servfail: 2, nxdomain: 3, notimp: 4, refused: 5, yxdomain: 6, yxrrset: 7,
  nxrrset: 8, notauth: 9, notzone: 10, dsotypeni: 11, badvers: 16, badsig: 16, badkey: 17, badtime: 18,
  badmode: 19, badname: 20, badalg: 21, badtrunc: 22, badcookie: 23,
});

const DNS_FLAGS = [
  { key: 'AA', id: 1, caption: 'Authoritative Answer' },
  { key: 'TC', id: 2, caption: 'Truncated Response' },
  { key: 'RD', id: 3, caption: 'Recursion Desired' },
  { key: 'RA', id: 4, caption: 'Recursion Available' },
] as const;

const DNS_QUERY = 1;
const DNS_TRAFFIC = 6;

export interface DnsParts {
  /** 1 Query when only the question was seen, 6 Traffic when the log line holds the answer too. */
  readonly activityId: number;
  readonly query: Record<string, unknown>;
  readonly answers: Record<string, unknown>[] | undefined;
  readonly rcodeId: number | undefined;
}

/**
 * Zeek dns.log fields → OCSF DNS query, answers and response code; undefined without a query name
 * that is a valid `hostname_t`. The numeric twins of the names (`qtype` "1" next to `qtype_name`
 * "A") stay raw.
 */
export function dnsOf(fields: Columns): DnsParts | undefined {
  const hostname = fields.values.query;
  if (typeof hostname !== 'string' || !isHostname(hostname)) return undefined;
  fields.take('query');
  const query = {
    hostname,
    ...compact({
      type: fields.text('qtype_name') ?? fields.text('query_type'),
      class: fields.text('qclass_name') ?? fields.text('query_class'),
      packet_uid: fields.int('trans_id'),
    }),
  };
  const rcodeId = rcodeOf(fields);
  const answers = answersOf(fields);
  const activityId = rcodeId !== undefined || answers !== undefined ? DNS_TRAFFIC : DNS_QUERY;
  return { activityId, query, answers, rcodeId };
}

export function rcodeCaption(id: number): string {
  return RCODE_CAPTIONS[id] ?? 'Other';
}

function rcodeOf(fields: Columns): number | undefined {
  const numeric = toInteger(fields.values.rcode);
  const nameText = fields.values.rcode_name;
  const named = typeof nameText === 'string' ? RCODE_NAMES[nameText.toLowerCase()] : undefined;
  const id = numeric !== undefined && RCODE_CAPTIONS[numeric] !== undefined ? numeric : named;
  if (id === undefined) return undefined;
  if (numeric === id) fields.take('rcode');
  if (named === id) fields.take('rcode_name');
  return id;
}

/** `answers` and `TTLs` (JSON arrays, often JSON-in-string) plus the header flags → `answers[]`. */
function answersOf(fields: Columns): Record<string, unknown>[] | undefined {
  const rdata = fields.peekJson('answers');
  if (!Array.isArray(rdata) || rdata.length === 0) return undefined;
  for (const item of rdata) if (typeof item !== 'string' || item === '') return undefined;
  fields.take('answers');
  const ttlValues = fields.peekJson('TTLs');
  const ttls = Array.isArray(ttlValues) && ttlValues.length === rdata.length && ttlValues.every(Number.isSafeInteger)
    ? (ttlValues as number[])
    : undefined;
  if (ttls) fields.take('TTLs');
  const flagIds: number[] = [];
  const flagCaptions: string[] = [];
  // The header flags become `flag_ids`; their true/false text stays raw (the record lists only set flags).
  for (const { key, id, caption } of DNS_FLAGS) {
    if (toBoolean(fields.values[key]) === true) {
      flagIds.push(id);
      flagCaptions.push(caption);
    }
  }
  const answers: Record<string, unknown>[] = [];
  for (let i = 0; i < rdata.length; i++) {
    const answer: Record<string, unknown> = { rdata: rdata[i] };
    if (ttls) answer.ttl = ttls[i];
    if (flagIds.length) {
      answer.flag_ids = flagIds;
      answer.flags = flagCaptions;
    }
    answers.push(answer);
  }
  return answers;
}

/**
 * Zeek ssl.log fields → OCSF `tls` (its `version` is required). The certificate's subject and
 * issuer stay raw: an OCSF `certificate` also requires the serial number, which ssl.log lacks.
 */
export function tlsOf(fields: Columns): Record<string, unknown> | undefined {
  const version = fields.text('version');
  if (version === undefined) return undefined;
  return { version, ...compact({ sni: fields.text('server_name'), cipher: fields.text('cipher') }) };
}

const ORIG_BYTES = column('orig_bytes');
const RESP_BYTES = column('resp_bytes');
const ORIG_PKTS = column('orig_pkts');
const RESP_PKTS = column('resp_pkts');
const MISSED_BYTES = column('missed_bytes');

/** Zeek conn.log counters → OCSF `traffic`; `orig` is the initiator, i.e. the source endpoint. */
export function trafficOf(fields: Columns): Record<string, unknown> | undefined {
  return compact({
    bytes_out: fields.int(ORIG_BYTES),
    bytes_in: fields.int(RESP_BYTES),
    packets_out: fields.int(ORIG_PKTS),
    packets_in: fields.int(RESP_PKTS),
    bytes_missed: fields.int(MISSED_BYTES),
  });
}

/** Zeek conn.log `duration` (seconds, fractional) → OCSF `duration` (milliseconds); the exact text stays raw. */
export function durationOf(fields: Columns): number | undefined {
  const seconds = toNumber(fields.values.duration);
  return seconds === undefined || seconds < 0 ? undefined : Math.round(seconds * 1000);
}
