import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from '../common/http/admin-api-key.guard';
import { InventoryController } from './inventory.controller';
import { InventorySeeder } from './inventory-seeder';
import { InventoryService } from './inventory.service';

/** The catalogue: items, their stock counters and admin adjustments. */
@Module({
  controllers: [InventoryController],
  providers: [InventoryService, InventorySeeder, AdminApiKeyGuard],
  exports: [InventoryService],
})
export class InventoryModule {}
