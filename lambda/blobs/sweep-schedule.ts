import type { ObjectStore } from '../storage/object-store.ts';

const KEY = 'full-sweep.json';

/**
 * Remembers when a pass last listed every hour. Normal passes list only the late-growth window; once
 * `everyHours` have gone by, a pass lists everything to catch the rare growth older than the window.
 */
export class SweepSchedule {
  constructor(
    private readonly store: ObjectStore,
    private readonly everyHours: number,
  ) {}

  async isDue(now: Date): Promise<boolean> {
    const stored = await this.store.get(KEY);
    if (!stored) return false;
    const last = Date.parse((JSON.parse(stored.body.toString('utf8')) as { at: string }).at);
    return !Number.isFinite(last) || now.getTime() - last >= this.everyHours * 3_600_000;
  }

  /** Marks a sweep (or the first pass, which starts the clock) as done. */
  async markDone(now: Date): Promise<void> {
    await this.store.put(KEY, JSON.stringify({ at: now.toISOString() }));
  }

  async exists(): Promise<boolean> {
    return (await this.store.get(KEY)) !== undefined;
  }
}
