import { isEmpty, isPlainObject, toJson } from './common/values.ts';
import type { OcsfRecord } from './types.ts';

export interface Coverage {
  /** Non-empty source values (a JSON-object column counts each of its keys). */
  values: number;
  /** Of those, values that landed under `unmapped` instead of a typed attribute. */
  unmapped: number;
}

/** How much of a row a record typed: every non-empty value not under `unmapped` is in a typed attribute. */
export function coverageOf(properties: Readonly<Record<string, unknown>>, record: OcsfRecord): Coverage {
  const unmapped = record.unmapped ?? {};
  let values = 0;
  let left = 0;
  for (const key in properties) {
    const value = properties[key];
    if (isEmpty(value)) continue;
    const decoded = toJson(value);
    const rest = unmapped[key];
    if (isPlainObject(decoded)) {
      const inner = Object.keys(decoded).filter((k) => !isEmpty(decoded[k])).length || 1;
      values += inner;
      if (rest !== undefined) left += isPlainObject(rest) && isPlainObject(toJson(rest)) ? Math.min(inner, countKeys(rest)) : inner;
    } else {
      values++;
      if (rest !== undefined) left++;
    }
  }
  return { values, unmapped: left };
}

function countKeys(value: Record<string, unknown>): number {
  return Object.keys(value).filter((k) => !isEmpty(value[k])).length;
}
