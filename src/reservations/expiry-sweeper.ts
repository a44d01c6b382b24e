import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { Clock } from '../core/clock';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { Metrics } from '../observability/metrics';
import { SweepLease } from '../store/sweep-lease';
import { latenessMs } from './reservation';
import { ReservationRepository } from './reservation.repository';

export interface SweepReport {
  expired: number;
  /** How long past its expiresAt the most overdue expired hold was, in ms (0 when none). */
  maxLatenessMs: number;
  /** Holds whose expiry failed in this sweep (each logged with its id and reason, then skipped). */
  failed?: number;
  /** Set when another instance held the sweep lease, so this one did not sweep. */
  skipped?: 'lease-held-elsewhere';
}

const EXPIRY_SWEEP_JOB = 'reservation-expiry-sweep';

/** The lease every instance's sweeper competes for; renewed before each batch. */
export const SWEEP_LEASE = 'expiry-sweep';
export const SWEEP_LEASE_MS = 30_000;

/**
 * Expires due holds in bounded batches. Each expiry is a conditional store transition, so any
 * number of sweeps on any number of instances may run at once: a hold is expired, and its units
 * credited back, exactly once. The schedule comes from EXPIRY_SWEEP_CRON (validated at start-up),
 * so the job is registered through @nestjs/schedule's SchedulerRegistry rather than a static @Cron.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExpirySweeper.name);

  /** This sweeper's name on the lease. */
  private readonly holder = randomUUID();

  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Always provided by StoreModule; absent only where a spec builds a sweeper by hand.
    @Optional() private readonly lease?: SweepLease,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.expirySweep.cron,
      onTick: () => this.sweepAndLog(),
      waitForCompletion: true, // a slow sweep is never overlapped by the next tick
      start: false,
    });
    // Registered jobs are stopped by @nestjs/schedule on shutdown.
    this.scheduler.addCronJob(EXPIRY_SWEEP_JOB, job);
    job.start();
  }

  async sweepAndLog(): Promise<void> {
    const started = performance.now();
    try {
      const report = await this.sweep();
      const durationMs = Math.round(performance.now() - started);
      this.metrics?.sweepDuration.observe(durationMs / 1000);
      if (report.expired > 0) {
        this.metrics?.sweepLateness.set(report.maxLatenessMs / 1000);
        this.logger.log({ event: 'expiry.sweep', ...report, durationMs }, 'Expiry sweep');
      }
    } catch (error) {
      this.logger.error(
        `Expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Expires every hold due now, batch by batch. Safe to run twice, or on many instances at once.
   *
   * One instance sweeps at a time, by a short lease in the store (renewed before each batch,
   * given up at the end): the holds of a flash sale are all on one SKU, so sweepers on several
   * instances would each run transactions on that one item document and abort each other with
   * write conflicts, whichever holds they picked (which is why partitioning holds by id, or a
   * random starting point, would not help there). Correctness never rests on the lease.
   *
   * A hold whose expiry fails (say its item was edited by hand) is logged with its id and the
   * reason and skipped: the sweep asks for that many more holds, so failures never fill a batch
   * and stall the holds behind them. It is tried again on the next sweep.
   */
  async sweep(): Promise<SweepReport> {
    const now = this.clock.now();
    const { batchSize } = this.config.expirySweep;
    const report: SweepReport = { expired: 0, maxLatenessMs: 0, failed: 0 };
    if (!(await this.takeLease())) return { ...report, skipped: 'lease-held-elsewhere' };
    const failed = new Set<string>();
    try {
      for (;;) {
        const asked = batchSize + failed.size;
        const found = await this.reservations.findDue(now, asked);
        const due = found.filter((id) => !failed.has(id));
        let expiredInBatch = 0;
        const failedBefore = failed.size;
        for (const reservationId of due) {
          const result = await this.expireOne(reservationId, now, failed);
          // Any other outcome: another sweep or a request settled it first.
          if (result?.outcome !== 'settled') continue;
          expiredInBatch += 1;
          report.maxLatenessMs = Math.max(
            report.maxLatenessMs,
            latenessMs(result.reservation, now),
          );
        }
        report.expired += expiredInBatch;
        // A short batch: nothing more is due. Nothing expired and nothing new failed: another
        // sweep is draining them.
        if (found.length < asked) break;
        if (expiredInBatch === 0 && failed.size === failedBefore) break;
        // Requests waiting on the event loop are served between batches, so a long sweep delays
        // each of them by one batch at most.
        await nextTurn();
        // The lease was lost: another instance sweeps now.
        if (!(await this.takeLease())) break;
      }
    } finally {
      report.failed = failed.size;
      await this.lease?.release(SWEEP_LEASE, this.holder);
    }
    return report;
  }

  private async expireOne(reservationId: string, now: Date, failed: Set<string>) {
    try {
      return await this.reservations.expire(reservationId, now);
    } catch (error) {
      failed.add(reservationId);
      this.logger.error(
        `Could not expire hold ${reservationId}, skipped until the next sweep: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  /** Takes or renews the lease on the sweeper's own clock (instances' clocks agree to seconds). */
  private takeLease(): Promise<boolean> {
    if (!this.lease) return Promise.resolve(true);
    const now = this.clock.now();
    return this.lease.acquire(
      SWEEP_LEASE,
      this.holder,
      now,
      new Date(now.getTime() + SWEEP_LEASE_MS),
    );
  }
}
