import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PreconditionFailedError, StoreError } from '../errors.ts';
import { type ObjectBody, type ObjectStore, type StoredObject, type WriteCondition } from './object-store.ts';

const LOCK_STALE_MS = 30_000;

/**
 * A folder used like an object store. Conditional writes are made safe between processes by a
 * short-lived lock file per key (`O_EXCL` create) around the compare-and-rename.
 */
export class FileObjectStore implements ObjectStore {
  readonly uri: string;

  constructor(private readonly root: string) {
    this.uri = pathToFileURL(root).href;
  }

  child(prefix: string): ObjectStore {
    return new FileObjectStore(join(this.root, ...prefix.split('/').filter(Boolean)));
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const body = await readFile(this.pathOf(key));
      return { body, etag: etagOf([body]) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new StoreError(`cannot read ${this.uri}/${key}: ${(error as Error).message}`, { cause: error });
    }
  }

  async put(key: string, body: ObjectBody, condition?: WriteCondition): Promise<{ etag: string }> {
    const path = this.pathOf(key);
    const data = typeof body === 'string' ? [Buffer.from(body)] : Buffer.isBuffer(body) ? [body] : body;
    await mkdir(dirname(path), { recursive: true });
    if (!condition?.ifMatch && !condition?.ifNoneMatch) {
      await this.replace(path, data);
      return lazyEtagOf(data);
    }
    const release = await this.lock(path);
    try {
      const current = await this.get(key);
      if (condition.ifNoneMatch === '*' && current) {
        throw new PreconditionFailedError(`${this.uri}/${key} already exists`);
      }
      if (condition.ifMatch && current?.etag !== condition.ifMatch) {
        throw new PreconditionFailedError(`${this.uri}/${key} changed since it was read`);
      }
      await this.replace(path, data);
      return { etag: etagOf(data) };
    } finally {
      await release();
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    await walk(this.root, async (file) => {
      const key = relative(this.root, file).split(sep).join('/');
      if (key.startsWith(prefix) && !key.endsWith('.lock') && !key.includes('.tmp-')) keys.push(key);
    });
    keys.sort();
    yield* keys;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const parts = key.split('/').filter(Boolean);
    if (parts.some((p) => p === '..')) throw new StoreError(`refusing key outside the store: ${key}`);
    return join(this.root, ...parts);
  }

  private async replace(path: string, data: readonly Buffer[]): Promise<void> {
    const tmp = `${path}.tmp-${randomUUID()}`;
    try {
      const handle = await open(tmp, 'w');
      try {
        // Each writeFile continues where the last one ended.
        for (const piece of data) await handle.writeFile(piece);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw new StoreError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async lock(path: string): Promise<() => Promise<void>> {
    const lockPath = `${path}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockPath, 'wx');
        await handle.close();
        return () => rm(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > LOCK_STALE_MS) await rm(lockPath, { force: true });
        else if (attempt > 500) throw new StoreError(`timed out waiting for lock ${lockPath}`);
        else await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
}

/**
 * The etag of an unconditional write, hashed only when asked for: the sinks write whole segments of
 * records this way and never ask, and hashing them cost the pass a tenth of a CPU second per 100 MB.
 */
function lazyEtagOf(body: readonly Buffer[]): { readonly etag: string } {
  let etag: string | undefined;
  return {
    get etag() {
      return (etag ??= etagOf(body));
    },
  };
}

function etagOf(body: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const piece of body) hash.update(piece);
  return `"${hash.digest('hex').slice(0, 32)}"`;
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function walk(dir: string, visit: (file: string) => Promise<void>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, visit);
    else await visit(full);
  }
}

