import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { StoreModule } from '../store/store.module';
import { InventoryController } from './inventory.controller';
import { InventorySeeder } from './inventory-seeder';
import { InventoryService } from './inventory.service';

/** The catalogue: items, their stock counters and admin adjustments. */
@Module({
  imports: [CoreModule, StoreModule],
  controllers: [InventoryController],
  providers: [InventoryService, InventorySeeder],
})
export class InventoryModule {}
