/**
 * Pulls `source` ahead of its consumer into a buffer of about `maxBytes` (it stops pulling once the
 * buffered items reach `maxBytes`, so at most one item more), so that the source's waits (a ranged
 * GET's latency, the next blob's first request) overlap the consumer's work instead of adding to it.
 * Items, and the source's error, reach the consumer in the source's order: an error thrown after
 * some items is raised only once those items have been consumed. Ending the iteration early
 * (`break`, a throw in the loop body) stops the pulling and closes the source.
 */
export function readAhead<T>(source: AsyncIterable<T>, sizeOf: (item: T) => number, maxBytes: number): AsyncIterableIterator<T> {
  return new ReadAhead(source[Symbol.asyncIterator](), sizeOf, maxBytes);
}

class ReadAhead<T> implements AsyncIterableIterator<T> {
  private queue: T[] = [];
  private bytes = 0;
  private ended = false;
  private stopped = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly sizeOf: (item: T) => number,
    private readonly maxBytes: number,
  ) {
    void this.pump();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.queue.length > 0) {
        const value = this.queue.shift()!;
        this.bytes -= this.sizeOf(value);
        this.wake('producer');
        return { value, done: false };
      }
      if (this.failure) {
        const { error } = this.failure;
        this.failure = undefined;
        this.stopped = true;
        throw error;
      }
      if (this.ended || this.stopped) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.stop();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.stop();
    throw error;
  }

  private stop(): void {
    this.stopped = true;
    this.queue = [];
    this.bytes = 0;
    this.wake('producer');
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        while (this.bytes >= this.maxBytes && !this.stopped) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
        if (this.stopped) break;
        const result = await this.source.next();
        if (result.done) break;
        if (this.stopped) break;
        this.queue.push(result.value);
        this.bytes += this.sizeOf(result.value);
        this.wake('consumer');
      }
    } catch (error) {
      this.failure = { error };
      this.ended = true;
      this.wake('consumer');
      return;
    }
    this.ended = true;
    this.wake('consumer');
    // Stopped early: let the source run its cleanup (a ranged read drops its response body).
    if (this.stopped) {
      try {
        await this.source.return?.();
      } catch {
        // The source failed while closing: nobody is reading it any more.
      }
    }
  }

  private wake(side: 'consumer' | 'producer'): void {
    const wake = side === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (side === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
