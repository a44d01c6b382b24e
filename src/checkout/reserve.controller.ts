import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock } from '../common/clock/clock';
import { ApiEnvelope, ApiErrors, ApiJsonBody } from '../common/openapi/api-responses';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key.decorator';
import { ReserveDto } from './dto/reserve.dto';
import { ReserveResultDto, toReservationDto } from './dto/reservation.dto';
import { EXISTING_HOLD_EXAMPLE, NEW_HOLD_EXAMPLE } from './dto/reservation.examples';
import { ReservationsService } from './reservations.service';

@ApiTags('reservations')
@Controller('inventory')
export class ReserveController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly clock: Clock,
  ) {}

  @Post('reserve')
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
  async reserve(
    @Body() body: ReserveDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReserveResultDto> {
    const { reservation, isExisting } = await this.reservations.reserve(body);
    reply.status(isExisting ? 200 : 201);
    return { ...toReservationDto(reservation, this.clock.now()), isExisting };
  }
}
