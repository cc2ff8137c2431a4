/**
 * The `properties` object of an export line as text (or as its UTF-8 bytes, a view of `lineBytes`
 * when the caller has them): the exact characters Defender wrote for it, which the row uid hashes
 * (far cheaper than serializing the parsed columns again, and the same for every copy of the line).
 * Undefined when the envelope is not the usual one, every member but `properties` a scalar with no
 * `}` in its name or value; the uid then hashes the parsed columns.
 *
 * With such an envelope the first `"properties"` is the envelope's key: a scalar's text cannot hold
 * it (a quote inside a string is escaped). And no `}` follows the properties object but the
 * envelope's own, so the object ends at the last `}` before the line's last one.
 */
export function propertiesTextOf(line: string, envelope: Readonly<Record<string, unknown>>, lineBytes?: Uint8Array): string | Uint8Array | undefined {
  if (!othersAreScalarsWithoutBraces(envelope)) return undefined;
  const key = line.indexOf('"properties"');
  if (key < 0) return undefined;
  let at = skipSpace(line, key + '"properties"'.length);
  if (line.charCodeAt(at) !== 0x3a /* : */) return undefined;
  at = skipSpace(line, at + 1);
  if (line.charCodeAt(at) !== 0x7b /* { */) return undefined;
  const envelopeEnd = line.lastIndexOf('}');
  const end = envelopeEnd > at ? line.lastIndexOf('}', envelopeEnd - 1) + 1 : -1;
  if (end <= at) return undefined;
  if (!lineBytes) return line.slice(at, end);
  // The same characters as UTF-8, located by the byte length of the text around them.
  if (lineBytes.length === line.length) return lineBytes.subarray(at, end);
  return lineBytes.subarray(Buffer.byteLength(line.slice(0, at)), lineBytes.length - Buffer.byteLength(line.slice(end)));
}

function othersAreScalarsWithoutBraces(envelope: Readonly<Record<string, unknown>>): boolean {
  for (const key in envelope) {
    if (key === 'properties') continue;
    const value = envelope[key];
    if (key.includes('}') || (typeof value === 'object' && value !== null) || (typeof value === 'string' && value.includes('}'))) return false;
  }
  return true;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    at++;
  }
  return at;
}
