/** Thrown when a task gave up waiting for its keys: the caller answers "busy, retry shortly". */
export class KeyedQueueTimeoutError extends Error {
  constructor(readonly keys: readonly string[]) {
    super(`Waited too long for ${keys.join(', ')}`);
  }
}

/**
 * Runs tasks one at a time per key, within this process: two reserve transactions on the same
 * SKU from one instance never run at once, so they never conflict with each other (a write
 * conflict aborts one of them, and the retry costs a whole transaction). A task may need several
 * keys (a cart across SKUs); it takes them one by one in sorted order, so two tasks wanting the
 * same keys in any order cannot deadlock. FIFO per key. A task that waits longer than `maxWaitMs`
 * gives up with KeyedQueueTimeoutError (its place passes on to the next in line).
 */
export class KeyedQueue {
  /** Per key, the promise the next task in line waits on. Deleted when the line is empty. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Keys with a task running or waiting (read by the tests). */
  get busyKeys(): number {
    return this.tails.size;
  }

  async run<T>(keys: readonly string[], maxWaitMs: number, task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const deadline = Date.now() + maxWaitMs;
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key, deadline, sorted));
      return await task();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string, deadline: number, keys: string[]): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next in line waits for the previous holder and for us, whether we run or give up.
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    const done = () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const won = await Promise.race([previous.then(() => 'turn' as const), timedOut]);
    clearTimeout(timer);
    if (won === 'timeout') {
      // Hand our place on only once the holder before us is done, so order is kept.
      void previous.then(done);
      throw new KeyedQueueTimeoutError(keys);
    }
    return done;
  }
}
