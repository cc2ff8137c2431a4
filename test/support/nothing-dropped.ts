import { isEmpty, isPlainObject, toBoolean, toEpochMs, toInteger, toIp, toJson, toMac } from '../../lambda/ocsf/common/values.ts';

/**
 * Source values that appear nowhere in the record, in any of the forms a mapper may legitimately
 * give them (epoch ms for times, normalized IPs and MACs, booleans for 0/1, lower case for enum
 * text, decoded JSON). Proves "nothing silently dropped" without trusting the mapper's own bookkeeping.
 */
export function droppedValues(properties: Record<string, unknown>, record: unknown): string[] {
  const present = new Set<string>();
  collect(record, present);
  const missing: string[] = [];
  for (const [column, value] of Object.entries(properties)) {
    if (isEmpty(value)) continue;
    for (const [path, leaf] of leaves(column, value)) {
      if (!candidates(leaf).some((c) => present.has(c))) missing.push(`${path} = ${JSON.stringify(leaf)}`);
    }
  }
  return missing;
}

function leaves(path: string, value: unknown): [string, unknown][] {
  const decoded = typeof value === 'string' ? toJson(value) ?? value : value;
  if (Array.isArray(decoded)) return decoded.flatMap((v, i) => leaves(`${path}[${i}]`, v));
  if (isPlainObject(decoded)) return Object.entries(decoded).filter(([, v]) => !isEmpty(v)).flatMap(([k, v]) => leaves(`${path}.${k}`, v));
  return isEmpty(decoded) ? [] : [[path, decoded]];
}

function candidates(value: unknown): string[] {
  const out = [String(value)];
  if (typeof value === 'string') {
    out.push(value.toLowerCase(), value.trim());
    for (const converted of [toEpochMs(value), toMac(value), toIp(value), toInteger(value), toBoolean(value)]) {
      if (converted !== undefined) out.push(String(converted));
    }
  }
  if (typeof value === 'number') out.push(String(toBoolean(value)));
  return out;
}

function collect(value: unknown, into: Set<string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
    return;
  }
  if (typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, into);
    return;
  }
  into.add(String(value));
  if (typeof value === 'string') {
    into.add(value.toLowerCase());
    const decoded = toJson(value);
    if (decoded !== undefined) collect(decoded, into);
  }
}
