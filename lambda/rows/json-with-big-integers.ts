/**
 * `JSON.parse` that keeps integers beyond 2^53 exactly, as decimal strings. Node 20's JSON.parse has
 * no access to the source text of a number, so a row that holds a long digit run is rewritten first:
 * every integer literal of 16 or more digits outside strings is quoted. Rows without one (almost all)
 * take the plain fast path.
 */
const LONG_DIGIT_RUN = /\d{16}/;

export function parseJsonKeepingBigIntegers(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return JSON.parse(quoteBigIntegers(text));
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
