import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ValidationFailedError } from '../common/errors/domain-error';
import { ApiEnvelope, ApiErrors, ApiJsonBody } from '../common/openapi/api-responses';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key.decorator';
import { requestEventsOf } from '../observability/request-events';
import { ReservationDto, ReserveResultDto, toReservationDto } from './dto/reservation.dto';
import { CreateReservationRequestDto } from './dto/create-reservation-request.dto';
import { ExtendReservationRequestDto } from './dto/extend-reservation-request.dto';
import {
  ACTIVE_EXAMPLE,
  CART_EXAMPLE,
  EXISTING_HOLD_EXAMPLE,
  EXTENDED_EXAMPLE,
  NEW_HOLD_EXAMPLE,
} from './dto/reservation.examples';
import { ReserveRequestDto } from './dto/reserve-request.dto';
import { ReservationsService } from './reservations.service';

const RESERVATION_ID_PARAM = {
  name: 'id',
  description: 'The reservationId',
  schema: { type: 'string' as const, format: 'uuid', example: ACTIVE_EXAMPLE.reservationId },
};

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
  @ApiErrors(
    'SKU_NOT_FOUND',
    'INSUFFICIENT_STOCK',
    'ACTIVE_RESERVATION_EXISTS',
    'CUSTOMER_LIMIT_EXCEEDED',
  )
  async reserveInventory(
    @Body() body: ReserveRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReserveResultDto> {
    const { reservation, asOf, isExisting } = await this.reservations.reserve(
      body,
      requestEventsOf(reply),
    );
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
  @ApiParam(RESERVATION_ID_PARAM)
  @ApiEnvelope(200, ReservationDto, { description: 'The reservation', example: ACTIVE_EXAMPLE })
  // Reading a due hold expires it on the spot: a store write, with a write's store failures.
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND', 'STORE_BUSY', 'STORE_OUTCOME_UNKNOWN')
  async getReservation(
    @Param('id', parseReservationId) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.get(id, requestEventsOf(reply));
    return toReservationDto(reservation, asOf);
  }

  @Post('reservations')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Hold a whole cart for a shopper: every line, or nothing',
    description:
      'One reservation holding every line (1-50 lines, each SKU once), taken from available stock in one atomic ' +
      'step; or nothing at all. 409 `INSUFFICIENT_STOCK` lists every short line in `details.lines` with the ' +
      'requested and available quantities; 404 `SKU_NOT_FOUND` names every unknown SKU in `details.skus`; 409 ' +
      '`ACTIVE_RESERVATION_EXISTS` when the user already holds one of the SKUs; 409 `CUSTOMER_LIMIT_EXCEEDED` ' +
      "when a line would take the user past the item's `maxPerCustomer`. Confirm, cancel and expiry then act on " +
      'all lines together.',
  })
  @ApiEnvelope(201, ReservationDto, { description: 'The cart, held', example: CART_EXAMPLE })
  @ApiJsonBody()
  @ApiErrors(
    'SKU_NOT_FOUND',
    'INSUFFICIENT_STOCK',
    'ACTIVE_RESERVATION_EXISTS',
    'CUSTOMER_LIMIT_EXCEEDED',
  )
  async createReservation(
    @Body() body: CreateReservationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.reserveCart(body, requestEventsOf(reply));
    return toReservationDto(reservation, asOf);
  }

  @Post('reservations/:id/extend')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give a hold more time: expiresAt becomes now + the hold TTL, up to a cap',
    description:
      '`expiresAt` moves to now + RESERVATION_TTL_SECONDS, never past `createdAt` + MAX_HOLD_SECONDS; once it ' +
      'stands at that cap, 409 `HOLD_EXTENSION_LIMIT_REACHED`. Only while the hold is active and before its ' +
      '`expiresAt` (checked in the same atomic step): past it, 410; confirmed or cancelled, 409; another user, 403.',
  })
  @ApiParam(RESERVATION_ID_PARAM)
  @ApiEnvelope(200, ReservationDto, {
    description: 'The hold with its new expiresAt',
    example: EXTENDED_EXAMPLE,
  })
  @ApiJsonBody()
  @ApiErrors(
    'RESERVATION_FORBIDDEN',
    'RESERVATION_NOT_FOUND',
    'HOLD_EXTENSION_LIMIT_REACHED',
    'RESERVATION_ALREADY_CONFIRMED',
    'RESERVATION_ALREADY_CANCELLED',
    'RESERVATION_EXPIRED',
  )
  async extendReservation(
    @Param('id', parseReservationId) id: string,
    @Body() body: ExtendReservationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationDto> {
    const { reservation, asOf } = await this.reservations.extend(
      id,
      body.userId,
      requestEventsOf(reply),
    );
    return toReservationDto(reservation, asOf);
  }
}
