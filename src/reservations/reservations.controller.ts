import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ValidationFailedError } from '../common/errors/domain-error';
import { ApiEnvelope, ApiErrors, ApiJsonBody } from '../common/openapi/api-responses';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key.decorator';
import { ReservationDto, ReserveResultDto, toReservationDto } from './dto/reservation.dto';
import {
  ACTIVE_EXAMPLE,
  EXISTING_HOLD_EXAMPLE,
  NEW_HOLD_EXAMPLE,
} from './dto/reservation.examples';
import { ReserveRequestDto } from './dto/reserve-request.dto';
import { ReservationsService } from './reservations.service';

const parseReservationId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ValidationFailedError([{ field: 'id', problems: ['id must be a UUID'] }]),
});

/**
 * Holding stock and reading a hold. The reserve route keeps the path it was published with,
 * `POST /inventory/reserve`, so this controller spells out each path in full.
 */
@ApiTags('reservations')
@Controller()
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post('inventory/reserve')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Hold units of a SKU for a shopper until the hold expires',
    description:
      'Takes the units from available stock in one atomic step, or refuses with 409. A user holds a SKU at most once: ' +
      'the same request again while the hold is active returns that hold (200, `isExisting: true`).',
  })
  @ApiEnvelope(201, ReserveResultDto, { description: 'A new hold', example: NEW_HOLD_EXAMPLE })
  @ApiEnvelope(200, ReserveResultDto, {
    description: 'This user already holds this SKU with this quantity: the same hold',
    example: EXISTING_HOLD_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors('SKU_NOT_FOUND', 'INSUFFICIENT_STOCK', 'ACTIVE_RESERVATION_EXISTS')
  async reserveInventory(
    @Body() body: ReserveRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReserveResultDto> {
    const { reservation, asOf, isExisting } = await this.reservations.reserve(body);
    reply.status(isExisting ? 200 : 201);
    return { ...toReservationDto(reservation, asOf), isExisting };
  }

  @Get('reservations/:id')
  @ApiOperation({
    summary: 'Get a reservation: its status, expiresAt and seconds left',
    description:
      '`secondsRemaining` counts down to `expiresAt` while the hold is active (for a storefront countdown) ' +
      'and is 0 once it is confirmed, cancelled or expired. A hold read at or after its `expiresAt` is expired ' +
      'on the spot (its units go back) and shown as `expired`, whether or not the sweep has run.',
  })
  @ApiParam({
    name: 'id',
    description: 'The reservationId',
    schema: { type: 'string', format: 'uuid', example: ACTIVE_EXAMPLE.reservationId },
  })
  @ApiEnvelope(200, ReservationDto, { description: 'The reservation', example: ACTIVE_EXAMPLE })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND')
  async getReservation(@Param('id', parseReservationId) id: string): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.get(id);
    return toReservationDto(reservation, asOf);
  }
}
