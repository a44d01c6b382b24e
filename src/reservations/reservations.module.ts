import { Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { MetricsModule } from '../observability/metrics.module';
import { StoreModule } from '../store/store.module';
import { CheckoutController } from './checkout.controller';
import { ExpirySweeper } from './expiry-sweeper';
import { ReservationsController } from './reservations.controller';
import { ReservationsService } from './reservations.service';

/**
 * The hold lifecycle: reserve, read, confirm, cancel, and the sweep that expires lapsed holds.
 * (The sweep's SchedulerRegistry comes from `ScheduleModule.forRoot()` in AppModule, which Nest
 * registers globally.)
 */
@Module({
  imports: [CoreModule, StoreModule, MetricsModule],
  controllers: [ReservationsController, CheckoutController],
  providers: [ReservationsService, ExpirySweeper],
})
export class ReservationsModule {}
