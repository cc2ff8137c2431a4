import { isUtf8 } from 'node:buffer';
import { partitionKeysOf } from '../batches/partitioning.ts';
import type { Sink } from '../batches/sink.ts';
import { tableKeyOfContainer } from '../blobs/export-layout.ts';
import type { DeadLetterEntry } from '../dead-letter/dead-letter-entry.ts';
import { DeadLetterStore } from '../dead-letter/dead-letter-store.ts';
import { errorMessage, PreconditionFailedError } from '../errors.ts';
import { normalizeRow } from '../ocsf/normalize.ts';
import { parseEnvelope } from '../rows/envelope.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Log } from '../telemetry/log.ts';

export interface ReplaySummary {
  /** Dead-letter entries found. */
  entries: number;
  /** Entries delivered by this replay. */
  replayed: number;
  /** Entries an earlier replay already delivered (skipped). */
  alreadyReplayed: number;
  /** Entries that still fail with the current code (kept for a later replay), by reason. */
  stillFailing: Record<string, number>;
  /** Entries that hold no replayable text (invalid UTF-8, or only the head of an oversized line). */
  notReplayable: number;
}

/** Keys under '_' are the replay's own bookkeeping, not dead letters. */
const LEDGER_PREFIX = '_replayed/';

/**
 * Pushes dead-lettered rows through the current parser and mappers again (after a fix) into a
 * sink. A ledger next to each dead-letter object (`_replayed/<object>.json`) records the entries
 * already delivered, written only after the sink acknowledged them, so a second replay sends nothing twice.
 */
export async function replayDeadLetters(store: ObjectStore, sink: Sink, log: Log): Promise<ReplaySummary> {
  const deadLetters = new DeadLetterStore(store);
  const summary: ReplaySummary = { entries: 0, replayed: 0, alreadyReplayed: 0, stillFailing: {}, notReplayable: 0 };
  const keys: string[] = [];
  for await (const key of deadLetters.list()) if (!key.startsWith('_') && key.endsWith('.ndjson')) keys.push(key);
  for (const key of keys) {
    const entries = await deadLetters.read(key);
    const ledgerKey = `${LEDGER_PREFIX}${key}.json`;
    const ledgerObject = await store.get(ledgerKey);
    const done = new Set<string>(ledgerObject ? (JSON.parse(ledgerObject.body.toString('utf8')) as string[]) : []);
    const sentNow: string[] = [];
    for (const entry of entries) {
      summary.entries++;
      const id = entryId(entry);
      if (done.has(id)) {
        summary.alreadyReplayed++;
        continue;
      }
      const text = replayableText(entry);
      if (text === undefined) {
        summary.notReplayable++;
        continue;
      }
      const failure = await resend(entry, text, sink);
      if (failure) summary.stillFailing[failure] = (summary.stillFailing[failure] ?? 0) + 1;
      else sentNow.push(id);
    }
    if (sentNow.length === 0) continue;
    const flushed = await sink.flush();
    summary.replayed += flushed.delivered;
    const ledger = JSON.stringify([...done, ...sentNow]);
    try {
      await store.put(ledgerKey, ledger, ledgerObject ? { ifMatch: ledgerObject.etag } : { ifNoneMatch: '*' });
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      log.warn('another replay recorded this dead-letter object at the same time; its rows may repeat', { object: key });
    }
  }
  return summary;
}

async function resend(entry: DeadLetterEntry, text: string, sink: Sink): Promise<string | undefined> {
  const container = entry.blob.split('/')[0] ?? '';
  const parsed = parseEnvelope(text, tableKeyOfContainer(container));
  if (!parsed.ok) return parsed.reason;
  try {
    const { record } = normalizeRow(parsed.row);
    await sink.write({
      json: JSON.stringify(record),
      partition: partitionKeysOf(record),
      source: { blob: entry.blob, offset: entry.offset, length: entry.length },
      raw: text,
    });
    return undefined;
  } catch (error) {
    return `mapping_failed: ${errorMessage(error).slice(0, 80)}`;
  }
}

function replayableText(entry: DeadLetterEntry): string | undefined {
  if (entry.rawTruncated) return undefined;
  if (entry.raw !== undefined) return entry.raw;
  if (entry.rawBase64 !== undefined) {
    const bytes = Buffer.from(entry.rawBase64, 'base64');
    return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  }
  return undefined;
}

function entryId(entry: DeadLetterEntry): string {
  return `${entry.blob}@${entry.offset}+${entry.length}:${entry.reason}`;
}
