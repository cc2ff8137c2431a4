import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '../storage/object-store.ts';
import type { DeadLetterEntry, DeadLetterSink } from './dead-letter-entry.ts';

/**
 * Failed rows, one JSON object per line, in objects named `<YYYY-MM-DD>/<time>-<uuid>.ndjson`
 * under the dead-letter location. `flush` writes what was added since the last flush as one object.
 */
export class DeadLetterStore implements DeadLetterSink {
  private pending: string[] = [];
  private written = 0;

  constructor(private readonly store: ObjectStore) {}

  get uri(): string {
    return this.store.uri;
  }

  /** Entries persisted so far by this store. */
  get count(): number {
    return this.written;
  }

  add(entry: DeadLetterEntry): void {
    this.pending.push(JSON.stringify(entry));
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending;
    const now = new Date().toISOString();
    const key = `${now.slice(0, 10)}/${now.replace(/[-:.]/g, '')}-${randomUUID()}.ndjson`;
    await this.store.put(key, lines.join('\n') + '\n');
    this.pending = [];
    this.written += lines.length;
  }

  /** Every dead-letter object key, oldest first. */
  list(): AsyncIterable<string> {
    return this.store.list('');
  }

  async read(key: string): Promise<DeadLetterEntry[]> {
    const object = await this.store.get(key);
    if (!object) return [];
    return object.body
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as DeadLetterEntry);
  }
}
