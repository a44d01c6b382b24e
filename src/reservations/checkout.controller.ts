import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiEnvelope, ApiErrors, ApiJsonBody } from '../common/openapi/api-responses';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key.decorator';
import { requestEventsOf } from '../observability/request-events';
import { ReservationDto, toReservationDto } from './dto/reservation.dto';
import { CANCELLED_EXAMPLE, CONFIRMED_EXAMPLE } from './dto/reservation.examples';
import { SettleReservationRequestDto } from './dto/settle-reservation-request.dto';
import { ReservationsService } from './reservations.service';

/** Settling a hold by its shopper: confirm (a sale) or cancel (the units go back). */
@ApiTags('checkout')
@Controller('checkout')
export class CheckoutController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post('confirm')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn a hold into a sale',
    description:
      'Repeating a confirm answers 200 with the same reservation. Past `expiresAt` a hold can never be confirmed (410), ' +
      'whether or not the expiry sweep has run.',
  })
  @ApiEnvelope(200, ReservationDto, {
    description: 'Confirmed (now or by an earlier call)',
    example: CONFIRMED_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors(
    'RESERVATION_FORBIDDEN',
    'RESERVATION_NOT_FOUND',
    'RESERVATION_ALREADY_CANCELLED',
    'RESERVATION_EXPIRED',
  )
  async confirmReservation(
    @Body() body: SettleReservationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.confirm(
      body.reservationId,
      body.userId,
      requestEventsOf(reply),
    );
    return toReservationDto(reservation, asOf);
  }

  @Post('cancel')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give a hold back; its units return to available stock',
    description: 'Repeating a cancel answers 200 with the same reservation.',
  })
  @ApiEnvelope(200, ReservationDto, {
    description: 'Cancelled (now or by an earlier call)',
    example: CANCELLED_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors(
    'RESERVATION_FORBIDDEN',
    'RESERVATION_NOT_FOUND',
    'RESERVATION_ALREADY_CONFIRMED',
    'RESERVATION_EXPIRED',
  )
  async cancelReservation(
    @Body() body: SettleReservationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.cancel(
      body.reservationId,
      body.userId,
      requestEventsOf(reply),
    );
    return toReservationDto(reservation, asOf);
  }
}
