import { randomUUID } from 'node:crypto';
import { LeaseHeldError, PreconditionFailedError } from '../errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Log } from '../telemetry/log.ts';

interface LeaseBody {
  readonly holder: string;
  readonly expiresAt: number;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal: a crashed holder blocks the next pass at most this long. */
  readonly ttlMs: number;
  readonly renewEveryMs: number;
}

export const DEFAULT_LEASE: LeaseOptions = { ttlMs: 3 * 60_000, renewEveryMs: 45_000 };

/**
 * One pass at a time: a lease object (`lease.json`) taken with a conditional write and renewed
 * while the pass runs. An overlapping pass sees a live lease and exits at once; a lease whose holder
 * died lapses after `ttlMs`.
 */
export class PassLease {
  private etag: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lost = false;
  readonly holder = randomUUID();

  constructor(
    private readonly store: ObjectStore,
    private readonly log: Log,
    private readonly options: LeaseOptions = DEFAULT_LEASE,
  ) {}

  /** Takes the lease or throws {@link LeaseHeldError}. */
  async acquire(): Promise<void> {
    const current = await this.store.get('lease.json');
    if (current) {
      const body = JSON.parse(current.body.toString('utf8')) as LeaseBody;
      if (body.expiresAt > Date.now()) {
        throw new LeaseHeldError(`another pass holds the lease until ${new Date(body.expiresAt).toISOString()}`);
      }
    }
    try {
      this.etag = await this.write(current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
    } catch (error) {
      if (error instanceof PreconditionFailedError) throw new LeaseHeldError('another pass took the lease first', { cause: error });
      throw error;
    }
    this.timer = setInterval(() => void this.renew(), this.options.renewEveryMs);
    this.timer.unref();
  }

  /** False once a renewal found the lease taken over; the pass should stop. */
  get held(): boolean {
    return this.etag !== undefined && !this.lost;
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.etag || this.lost) return;
    try {
      await this.store.put('lease.json', JSON.stringify({ holder: this.holder, expiresAt: 0 }), { ifMatch: this.etag });
    } catch (error) {
      this.log.warn('could not release the lease; it lapses by itself', { error });
    }
    this.etag = undefined;
  }

  private async renew(): Promise<void> {
    if (!this.etag || this.lost) return;
    try {
      this.etag = await this.write({ ifMatch: this.etag });
    } catch (error) {
      this.lost = error instanceof PreconditionFailedError;
      this.log.warn('lease renewal failed', { error, lost: this.lost });
    }
  }

  private async write(condition: { ifMatch?: string; ifNoneMatch?: '*' }): Promise<string> {
    const body: LeaseBody = { holder: this.holder, expiresAt: Date.now() + this.options.ttlMs };
    return (await this.store.put('lease.json', JSON.stringify(body), condition)).etag;
  }
}
