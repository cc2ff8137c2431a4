/**
 * A lookup table keyed by source text. It has no prototype, so data such as an ActionType
 * `constructor` or `__proto__` finds nothing instead of an inherited member.
 */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
