/**
 * Ids ordered by a time (ms since the epoch): the embedded store's equivalent of a MongoDB index
 * on `expiresAt` (holds by expiry) or on `purgeAfter` (settled reservations by purge time).
 *
 * An indexed binary min-heap: the times and ids sit in two parallel arrays in heap order, and a
 * map gives each id's slot, so adding, moving and removing an id cost O(log n) and reading the
 * `k` earliest costs O(k log k) without touching the heap. Nothing is removed lazily, so the
 * structure never holds more than one entry per id and never needs a compaction pass (which
 * would stall the event loop at a million entries). About 50 bytes per entry.
 */
export class ExpiryIndex {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Indexes `id` at `atMs`, or moves it there if it is already indexed. */
  set(id: string, atMs: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined) {
      this.times.push(atMs);
      this.ids.push(id);
      this.slots.set(id, this.ids.length - 1);
      this.siftUp(this.ids.length - 1);
      return;
    }
    const before = this.times[slot];
    this.times[slot] = atMs;
    if (atMs < before) this.siftUp(slot);
    else this.siftDown(slot);
  }

  /** Removes `id`; false when it was not indexed. */
  delete(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    const lastTime = this.times.pop() as number;
    const lastId = this.ids.pop() as string;
    if (slot === this.ids.length) return true; // it was the last slot
    this.times[slot] = lastTime;
    this.ids[slot] = lastId;
    this.slots.set(lastId, slot);
    this.siftUp(slot);
    this.siftDown(slot);
    return true;
  }

  /**
   * Up to `limit` ids whose time is at or before `nowMs`, earliest first (ties in no particular
   * order). Reads only: a best-first walk of the heap from its root, through a small frontier of
   * slots, visits O(limit) slots whatever the index holds.
   */
  due(nowMs: number, limit: number): string[] {
    const found: string[] = [];
    if (limit < 1 || this.ids.length === 0 || this.times[0] > nowMs) return found;
    const frontier: number[] = [0]; // slots, themselves a min-heap by time
    while (frontier.length > 0 && found.length < limit) {
      const slot = this.popFrontier(frontier);
      found.push(this.ids[slot]);
      for (const child of [2 * slot + 1, 2 * slot + 2]) {
        if (child < this.ids.length && this.times[child] <= nowMs)
          this.pushFrontier(frontier, child);
      }
    }
    return found;
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.times[parent] <= this.times[slot]) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private siftDown(slot: number): void {
    const n = this.ids.length;
    for (;;) {
      const left = 2 * slot + 1;
      const right = left + 1;
      let least = slot;
      if (left < n && this.times[left] < this.times[least]) least = left;
      if (right < n && this.times[right] < this.times[least]) least = right;
      if (least === slot) return;
      this.swap(slot, least);
      slot = least;
    }
  }

  private swap(a: number, b: number): void {
    const time = this.times[a];
    this.times[a] = this.times[b];
    this.times[b] = time;
    const id = this.ids[a];
    this.ids[a] = this.ids[b];
    this.ids[b] = id;
    this.slots.set(this.ids[a], a);
    this.slots.set(this.ids[b], b);
  }

  private pushFrontier(frontier: number[], slot: number): void {
    frontier.push(slot);
    let i = frontier.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[frontier[parent]] <= this.times[frontier[i]]) return;
      [frontier[parent], frontier[i]] = [frontier[i], frontier[parent]];
      i = parent;
    }
  }

  private popFrontier(frontier: number[]): number {
    const top = frontier[0];
    const last = frontier.pop() as number;
    if (frontier.length === 0) return top;
    frontier[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < frontier.length && this.times[frontier[left]] < this.times[frontier[least]])
        least = left;
      if (right < frontier.length && this.times[frontier[right]] < this.times[frontier[least]])
        least = right;
      if (least === i) return top;
      [frontier[least], frontier[i]] = [frontier[i], frontier[least]];
      i = least;
    }
  }
}
