/**
 * StreamQueue decouples a producer from a streaming response. The first item goes out at once.
 * After it, a new item may be merged into the last one still waiting (text deltas joined into one
 * message): items that arrive in the same turn of the event loop (tokens parsed from one network
 * read) and items that pile up while the consumer lags go out as one message, so the cost per token
 * falls with load. Nothing ever waits on a timer: a woken consumer only lets the current turn of
 * the event loop finish.
 */
export class StreamQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private wake: (() => void) | undefined;
  private closed = false;
  private failure: unknown;
  /** merged counts the items that were merged into a waiting one. */
  merged = 0;

  /** merge returns the waiting item with next folded into it, or undefined when they cannot merge. */
  constructor(private readonly merge?: (waiting: T, next: T) => T | undefined) {}

  push(item: T): void {
    if (this.closed) return;
    if (this.merge && this.items.length > this.head) {
      const joined = this.merge(this.items[this.items.length - 1]!, item);
      if (joined !== undefined) {
        this.items[this.items.length - 1] = joined;
        this.merged++;
        return;
      }
    }
    this.items.push(item);
    this.wake?.();
  }

  /** close ends the stream after the waiting items; with a failure, the consumer then throws it. */
  close(failure?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = failure;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let first = true;
    for (;;) {
      while (this.head < this.items.length) {
        const item = this.items[this.head]!;
        this.items[this.head++] = undefined as T;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        first = false;
        yield item;
      }
      if (this.ended()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      if (!first && !this.closed) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * batches hands out every item waiting at once, for a stream whose messages carry several: what
   * arrives in the same turn of the event loop, or piles up while the consumer lags, leaves as one
   * message. Items still merge while they wait. Use either this or the item iterator, not both.
   */
  async *batches(): AsyncGenerator<T[]> {
    let first = true;
    for (;;) {
      if (this.head < this.items.length) {
        const batch = this.head === 0 ? this.items : this.items.slice(this.head);
        this.items = [];
        this.head = 0;
        first = false;
        yield batch;
        continue;
      }
      if (this.ended()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      if (!first && !this.closed) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** ended is true once the queue is closed and empty; a failure it was closed with is thrown. */
  private ended(): boolean {
    if (!this.closed) return false;
    if (this.failure !== undefined) throw this.failure;
    return true;
  }
}
