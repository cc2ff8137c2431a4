/**
 * The string formats OCSF validates (types.json), checked before a value goes into a typed
 * attribute: a value that fails stays raw under `unmapped` instead of making the record invalid.
 */

/** The OCSF 1.8.0 `email_t` pattern exactly as types.json gives it (`+-/` there is a range). */
const EMAIL_ADDRESS = /^[a-zA-Z0-9!#$%&'*+-\/=?^_`{|}~.]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;

export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && EMAIL_ADDRESS.test(value);
}

/** OCSF `hostname_t`: dot-separated labels of letters, digits, `_` and inner `-`, 253 characters at most, an optional final dot. */
export function isHostname(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const end = value.endsWith('.') ? value.length - 1 : value.length;
  if (end === 0 || end > 253) return false;
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? 0x2e : value.charCodeAt(i);
    if (c === 0x2e) {
      const length = i - labelStart;
      if (length === 0 || length > 63 || value.charCodeAt(labelStart) === 0x2d || value.charCodeAt(i - 1) === 0x2d) return false;
      labelStart = i + 1;
    } else if (!isLabelChar(c)) {
      return false;
    }
  }
  return true;
}

/** Whether `value` is an absolute URL, as OCSF `url_t` needs; `www.example.com/x` is not. */
export function isAbsoluteUrl(value: string): boolean {
  return URL.canParse(value);
}

function isLabelChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
}
