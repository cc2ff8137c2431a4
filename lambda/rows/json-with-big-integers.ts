/**
 * `JSON.parse` that keeps integers beyond 2^53 exactly, as decimal strings. Node 20's JSON.parse has
 * no access to the source text of a number, so a row that holds one is parsed again from rewritten
 * text: every integer literal of 16 or more digits outside strings that is not a safe integer is
 * quoted. Rows without one (almost all) are parsed once; a walk over the parsed value tells them apart.
 */
const LONG_DIGIT_RUN = /\d{16}/;

/** Returned instead of the value when it nests deeper than the limit. */
export const TOO_DEEP: unique symbol = Symbol('too deep');

/** How deep {@link parseJsonKeepingBigIntegers} walks before it decides from the text instead. */
const WALK_DEPTH = 1_000;

export function parseJsonKeepingBigIntegers(text: string): unknown {
  const value = parseJsonWithinDepth(text, WALK_DEPTH);
  if (value !== TOO_DEEP) return value;
  return JSON.parse(LONG_DIGIT_RUN.test(text) ? quoteBigIntegers(text) : text);
}

/**
 * As {@link parseJsonKeepingBigIntegers}, but returns {@link TOO_DEEP} for a value nested deeper than
 * `maxDepth` (objects and arrays; the outermost is at depth 1). One walk does both checks.
 */
export function parseJsonWithinDepth(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A long literal with leading zeros is refused as a number but accepted once quoted.
    if (!LONG_DIGIT_RUN.test(text)) throw error;
    value = JSON.parse(quoteBigIntegers(text));
    return inspect(value, maxDepth) === FOUND_TOO_DEEP ? TOO_DEEP : value;
  }
  const found = inspect(value, maxDepth);
  if (found === FOUND_TOO_DEEP) return TOO_DEEP;
  return found === FOUND_BIG_INTEGER ? JSON.parse(quoteBigIntegers(text)) : value;
}

const FOUND_NOTHING = 0;
const FOUND_BIG_INTEGER = 1;
const FOUND_TOO_DEEP = 2;

/** Every double at or beyond ±2^53 is an integer that JSON.parse may have rounded (or an infinity). */
const UNSAFE = 2 ** 53;

/** Stops as soon as the depth limit is passed; otherwise reports whether a number at or beyond ±2^53 was seen. */
function inspect(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'number' && (value >= UNSAFE || value <= -UNSAFE) ? FOUND_BIG_INTEGER : FOUND_NOTHING;
  }
  if (limit === 0) return FOUND_TOO_DEEP;
  let found = FOUND_NOTHING;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) {
        if (typeof item === 'number' && (item >= UNSAFE || item <= -UNSAFE)) found = FOUND_BIG_INTEGER;
        continue;
      }
      const inner = inspect(item, limit - 1);
      if (inner === FOUND_TOO_DEEP) return FOUND_TOO_DEEP;
      if (inner === FOUND_BIG_INTEGER) found = FOUND_BIG_INTEGER;
    }
    return found;
  }
  for (const key in value as Record<string, unknown>) {
    const member = (value as Record<string, unknown>)[key];
    if (typeof member !== 'object' || member === null) {
      if (typeof member === 'number' && (member >= UNSAFE || member <= -UNSAFE)) found = FOUND_BIG_INTEGER;
      continue;
    }
    const inner = inspect(member, limit - 1);
    if (inner === FOUND_TOO_DEEP) return FOUND_TOO_DEEP;
    if (inner === FOUND_BIG_INTEGER) found = FOUND_BIG_INTEGER;
  }
  return found;
}

function quoteBigIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const startsNumber = c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39);
    if (!startsNumber) continue;
    let end = i + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const literal = text.slice(i, end);
    if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += text.slice(copiedUpTo, i) + '"' + literal + '"';
      copiedUpTo = end;
    }
    i = end - 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
