import { KeyedQueue, KeyedQueueTimeoutError } from './keyed-queue';

/** A task that records when it ran and finishes only when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs tasks on the same key one at a time, in arrival order', async () => {
    const sut = new KeyedQueue();
    const log: string[] = [];
    const first = gate();
    const a = sut.run(['SKU-1'], 1000, async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
    });
    const b = sut.run(['SKU-1'], 1000, () => Promise.resolve(log.push('b')));
    const c = sut.run(['SKU-1'], 1000, () => Promise.resolve(log.push('c')));
    await tick();
    expect(log).toEqual(['a start']);
    first.open();
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a start', 'a end', 'b', 'c']);
    expect(sut.busyKeys).toBe(0);
  });

  it('runs tasks on different keys at the same time', async () => {
    const sut = new KeyedQueue();
    const first = gate();
    const a = sut.run(['SKU-1'], 1000, () => first.opened);
    let otherRan = false;
    await sut.run(['SKU-2'], 1000, () => Promise.resolve((otherRan = true)));
    expect(otherRan).toBe(true);
    first.open();
    await a;
  });

  it('a failing task still hands the key on', async () => {
    const sut = new KeyedQueue();
    const a = sut.run(['K'], 1000, () => Promise.reject(new Error('boom')));
    const b = sut.run(['K'], 1000, () => Promise.resolve('b ran'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toBe('b ran');
  });

  it('takes several keys in sorted order, so crossing carts never deadlock', async () => {
    const sut = new KeyedQueue();
    const runs = Array.from({ length: 20 }, (_, i) =>
      sut.run(i % 2 ? ['A', 'B', 'C'] : ['C', 'B', 'A'], 1000, async () => {
        await tick();
        return i;
      }),
    );
    await expect(Promise.all(runs)).resolves.toHaveLength(20);
    expect(sut.busyKeys).toBe(0);
  });

  it('a cart waits for every SKU it shares with a running task, and only those', async () => {
    const sut = new KeyedQueue();
    const holdB = gate();
    const onB = sut.run(['B'], 1000, () => holdB.opened);
    let cartRan = false;
    const cart = sut.run(['A', 'B'], 1000, () => Promise.resolve((cartRan = true)));
    let aloneOnC = false;
    await sut.run(['C'], 1000, () => Promise.resolve((aloneOnC = true)));
    expect(aloneOnC).toBe(true);
    expect(cartRan).toBe(false);
    holdB.open();
    await Promise.all([onB, cart]);
    expect(cartRan).toBe(true);
  });

  it('gives up after maxWaitMs without running, and keeps the order for those behind it', async () => {
    const sut = new KeyedQueue();
    const first = gate();
    const log: string[] = [];
    const a = sut.run(['K'], 1000, async () => {
      await first.opened;
      log.push('a');
    });
    const impatient = sut.run(['K'], 20, () => Promise.resolve(log.push('impatient')));
    const patient = sut.run(['K'], 5000, () => Promise.resolve(log.push('patient')));
    await expect(impatient).rejects.toBeInstanceOf(KeyedQueueTimeoutError);
    expect(log).toEqual([]);
    first.open();
    await Promise.all([a, patient]);
    expect(log).toEqual(['a', 'patient']);
    expect(sut.busyKeys).toBe(0);
  });

  it('a cart that times out on its second key releases its first', async () => {
    const sut = new KeyedQueue();
    const holdB = gate();
    const onB = sut.run(['B'], 1000, () => holdB.opened);
    await expect(sut.run(['A', 'B'], 20, () => Promise.resolve())).rejects.toBeInstanceOf(
      KeyedQueueTimeoutError,
    );
    await expect(sut.run(['A'], 20, () => Promise.resolve('A is free'))).resolves.toBe('A is free');
    holdB.open();
    await onB;
  });
});
