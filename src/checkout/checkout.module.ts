import { Module } from '@nestjs/common';
import { CheckoutController } from './checkout.controller';
import { ExpirySweeper } from './expiry-sweeper';
import { ReservationsController } from './reservations.controller';
import { ReservationsService } from './reservations.service';
import { ReserveController } from './reserve.controller';

/** The hold lifecycle: reserve, confirm, cancel, and the sweep that expires lapsed holds. */
@Module({
  controllers: [ReserveController, CheckoutController, ReservationsController],
  providers: [ReservationsService, ExpirySweeper],
})
export class CheckoutModule {}
