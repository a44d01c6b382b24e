import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../core/clock';
import { AppConfig, APP_CONFIG } from '../core/app-config';
import { InventoryRepository } from './inventory.repository';
import { SAMPLE_INVENTORY } from './sample-data';

/**
 * Loads the sample catalogue at start-up when SEED_SAMPLE_DATA is on (the default for the
 * embedded store). Idempotent: a SKU that already exists is left exactly as it is.
 */
@Injectable()
export class InventorySeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(InventorySeeder.name);

  constructor(
    private readonly inventory: InventoryRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedSampleData) await this.seed();
  }

  /** Returns how many items were added. */
  async seed(): Promise<number> {
    let added = 0;
    for (const item of SAMPLE_INVENTORY) {
      const result = await this.inventory.create(item, this.clock.now());
      // A SKU that exists already is left exactly as it is.
      if (result.outcome === 'created') added += 1;
    }
    this.logger.log(
      `Sample data: ${added} item(s) added, ${SAMPLE_INVENTORY.length - added} already present`,
    );
    return added;
  }
}
