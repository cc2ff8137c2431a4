import type { DeadLetterReason } from '../dead-letter/dead-letter-entry.ts';
import type { DefenderRow } from '../ocsf/types.ts';
import { parseJsonWithinDepth, TOO_DEEP } from './json-with-big-integers.ts';
import { propertiesTextOf } from './properties-text.ts';

export const CATEGORY_PREFIX = 'AdvancedHunting-';

/**
 * Deepest nesting a row may have; deeper rows are dead-lettered rather than parsed. V8 parses deep
 * nesting without trouble, but the mappers and the uid hash recurse.
 */
export const MAX_NESTING_DEPTH = 64;

export type EnvelopeResult =
  | { readonly ok: true; readonly row: DefenderRow }
  | { readonly ok: false; readonly reason: DeadLetterReason; readonly error: string; readonly table?: string; readonly tenantId?: string };

/**
 * Parses one export line (`{time, tenantId, category, properties, operationName?, _TimeReceivedBySvc?, Tenant?}`)
 * and checks that its `category` belongs to the container it was read from.
 * `expectedTable` is the container's table in lower case (containers are lower-cased table names).
 * `lineBytes`, the line as read (UTF-8), lets the row uid hash bytes instead of encoding the text again.
 */
export function parseEnvelope(line: string, expectedTable: string | undefined, lineBytes?: Uint8Array): EnvelopeResult {
  let value: unknown;
  try {
    value = parseJsonWithinDepth(line, MAX_NESTING_DEPTH);
  } catch (error) {
    return { ok: false, reason: 'invalid_json', error: `not valid JSON: ${(error as Error).message}` };
  }
  if (value === TOO_DEEP) {
    return { ok: false, reason: 'too_deep', error: `nesting deeper than ${MAX_NESTING_DEPTH} levels` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'invalid_envelope', error: 'the line is JSON but not an object' };
  }
  const envelope = value as Record<string, unknown>;
  const { category, properties } = envelope;
  const tenantId = typeof envelope.tenantId === 'string' ? envelope.tenantId : undefined;
  if (typeof category !== 'string' || !category.startsWith(CATEGORY_PREFIX) || category.length === CATEGORY_PREFIX.length) {
    return { ok: false, reason: 'invalid_envelope', error: `missing or malformed "category" (expected "${CATEGORY_PREFIX}<Table>")`, tenantId };
  }
  const { table, lowerCase } = tableOf(category);
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return { ok: false, reason: 'invalid_envelope', error: 'missing "properties" object', table, tenantId };
  }
  if (expectedTable !== undefined && lowerCase !== expectedTable) {
    return {
      ok: false,
      reason: 'category_mismatch',
      error: `category "${category}" does not belong in the container of table "${expectedTable}"`,
      table,
      tenantId,
    };
  }
  return { ok: true, row: new EnvelopeRow(table, tenantId ?? '', envelope, properties as Record<string, unknown>, line, lineBytes) };
}

interface CategoryTable {
  readonly category: string;
  readonly table: string;
  readonly lowerCase: string;
}

/** The table of the category seen last: rows come table by table, a blob's rows all of one. */
let lastCategory: CategoryTable = { category: '', table: '', lowerCase: '' };
const tablesByName = new Map<string, string>();
const MAX_TABLES_REMEMBERED = 1024;

/**
 * The table a `category` names (after {@link CATEGORY_PREFIX}), one string per table name for the
 * whole process. A table name sliced from each row's category was a new string every row, which
 * every Map keyed by table (the mapper registry, key positions, products) hashed and compared
 * character by character; the same string is hashed once and compared by identity.
 */
function tableOf(category: string): CategoryTable {
  if (category === lastCategory.category) return lastCategory;
  const sliced = category.slice(CATEGORY_PREFIX.length);
  let table = tablesByName.get(sliced);
  if (table === undefined) {
    if (tablesByName.size >= MAX_TABLES_REMEMBERED) tablesByName.clear();
    table = sliced;
    tablesByName.set(table, table);
  }
  lastCategory = { category, table, lowerCase: table.toLowerCase() };
  return lastCategory;
}

/**
 * A parsed row whose `propertiesText` is located only when read: the uid of a Device*Events row
 * hashes its event identity instead, so most rows never need it.
 */
class EnvelopeRow implements DefenderRow {
  readonly time: string | undefined;
  readonly receivedTime: string | undefined;
  // Private fields, not members: a row logged or serialized does not carry its whole line along.
  readonly #envelope: Readonly<Record<string, unknown>>;
  readonly #line: string;
  readonly #lineBytes: Uint8Array | undefined;
  #propertiesText: string | Uint8Array | undefined | null = null;

  constructor(
    readonly table: string,
    readonly tenantId: string,
    envelope: Readonly<Record<string, unknown>>,
    readonly properties: Record<string, unknown>,
    line: string,
    lineBytes: Uint8Array | undefined,
  ) {
    this.time = typeof envelope.time === 'string' ? envelope.time : undefined;
    this.receivedTime = typeof envelope._TimeReceivedBySvc === 'string' ? envelope._TimeReceivedBySvc : undefined;
    this.#envelope = envelope;
    this.#line = line;
    this.#lineBytes = lineBytes;
  }

  get propertiesText(): string | Uint8Array | undefined {
    if (this.#propertiesText === null) this.#propertiesText = propertiesTextOf(this.#line, this.#envelope, this.#lineBytes);
    return this.#propertiesText;
  }
}
