/**
 * A named, time-limited lease shared by every instance on the same store: the expiry sweep takes
 * it so that one instance sweeps at a time. Only an efficiency measure: every expiry is a
 * conditional transition, so two sweepers at once (a lease that lapsed mid-sweep, clocks a little
 * apart) still expire each hold once; they would only waste transactions conflicting on the same
 * items.
 */
export abstract class SweepLease {
  /**
   * Takes the lease for `holder` until `until` if it is free, has lapsed at `now`, or is already
   * `holder`'s (a renewal). True if `holder` holds it now.
   */
  abstract acquire(name: string, holder: string, now: Date, until: Date): Promise<boolean>;

  /** Gives the lease up if `holder` still holds it, so another instance need not wait it out. */
  abstract release(name: string, holder: string): Promise<void>;
}

export class InMemorySweepLease extends SweepLease {
  private readonly leases = new Map<string, { holder: string; until: number }>();

  acquire(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.until > now.getTime()) {
      return Promise.resolve(false);
    }
    this.leases.set(name, { holder, until: until.getTime() });
    return Promise.resolve(true);
  }

  release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
    return Promise.resolve();
  }
}
