const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(AccountKey=)[^;"'\s]+/gi, '$1<redacted>'],
  [/(SharedAccessSignature=)[^;"'\s]+/gi, '$1<redacted>'],
  [/([?&]sig=)[^&"'\s]+/gi, '$1<redacted>'],
  [/("?client_?secret"?\s*[:=]\s*"?)[^"&\s,}]+/gi, '$1<redacted>'],
  [/(client_assertion=)[^&"'\s]+/gi, '$1<redacted>'],
  [/(Bearer\s+)[A-Za-z0-9\-_.=]+/g, '$1<redacted>'],
];

/** Removes storage keys, SAS signatures, client secrets and tokens from text bound for logs or errors. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
