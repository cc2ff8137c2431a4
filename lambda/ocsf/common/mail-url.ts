/**
 * The host part of a URL (`https://user@host:443/path` → `host`), found by scanning rather than with
 * `new URL` (which is slow and rejects the scheme-less URLs Safe Links sometimes reports). Undefined
 * when there is no host.
 */
export function hostOfUrl(url: string): string | undefined {
  const scheme = url.indexOf('://');
  let start = scheme >= 0 ? scheme + 3 : 0;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */ || c === 0x5c /* \ */) {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  if (url.charCodeAt(start) === 0x5b /* [ */) {
    const close = url.indexOf(']', start);
    if (close > start && close < end) return url.slice(start + 1, close);
    return undefined;
  }
  const colon = url.indexOf(':', start);
  if (colon >= 0 && colon < end) end = colon;
  return end > start ? url.slice(start, end) : undefined;
}

/** Whether `value` is an absolute URL, as OCSF `url_t` (RFC 1738) needs; `www.example.com/x` is not. */
export function isAbsoluteUrl(value: string): boolean {
  return URL.canParse(value);
}

/** OCSF `hostname_t`: dot-separated labels of letters, digits, `_` and inner `-`, 253 characters at most. */
const HOSTNAME = /^(?=.{1,253}\.?$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/;

export function isHostname(value: unknown): value is string {
  return typeof value === 'string' && HOSTNAME.test(value);
}
