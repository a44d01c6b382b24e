import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../core/clock';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { ReservationRepository } from './reservation.repository';

export interface SweepReport {
  expired: number;
  /** How long past its expiresAt the most overdue expired hold was, in ms (0 when none). */
  maxLatenessMs: number;
}

const EXPIRY_SWEEP_JOB = 'reservation-expiry-sweep';

/**
 * Expires due holds in bounded batches. Each expiry is a conditional store transition, so any
 * number of sweeps on any number of instances may run at once: a hold is expired, and its units
 * credited back, exactly once. The schedule comes from EXPIRY_SWEEP_CRON (validated at start-up),
 * so the job is registered through @nestjs/schedule's SchedulerRegistry rather than a static @Cron.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExpirySweeper.name);

  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    try {
      const report = await this.sweep();
      if (report.expired > 0) {
        this.logger.log(
          `Expired ${report.expired} hold(s); the most overdue was ${report.maxLatenessMs} ms late`,
        );
      }
    } catch (error) {
      this.logger.error(
        `Expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Expires every hold due now, batch by batch. Safe to run twice, or on many instances at once. */
  async sweep(): Promise<SweepReport> {
    const now = this.clock.now();
    const { batchSize } = this.config.expirySweep;
    const report: SweepReport = { expired: 0, maxLatenessMs: 0 };
    for (;;) {
      const due = await this.reservations.findDue(now, batchSize);
      let expiredInBatch = 0;
      for (const reservationId of due) {
        const result = await this.reservations.expire(reservationId, now);
        // Any other outcome: another sweep or a request settled it first.
        if (result.outcome !== 'settled') continue;
        expiredInBatch += 1;
        const lateness = now.getTime() - result.reservation.expiresAt.getTime();
        report.maxLatenessMs = Math.max(report.maxLatenessMs, lateness);
      }
      report.expired += expiredInBatch;
      // A short batch means nothing more is due; an all-lost batch means another sweep is draining.
      if (due.length < batchSize || expiredInBatch === 0) return report;
    }
  }
}
