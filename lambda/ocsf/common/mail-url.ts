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


