import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Clock } from '../common/clock/clock';
import { ValidationFailedError } from '../common/errors/domain-error';
import { ApiEnvelope, ApiErrors } from '../common/openapi/api-responses';
import { ReservationDto, toReservationDto } from './dto/reservation.dto';
import { ACTIVE_EXAMPLE } from './dto/reservation.examples';
import { ReservationsService } from './reservations.service';

const parseReservationId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ValidationFailedError([{ field: 'id', problems: ['id must be a UUID'] }]),
});

@ApiTags('reservations')
@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Get a reservation: its status, expiresAt and seconds left',
    description:
      '`secondsRemaining` counts down to `expiresAt` while the hold is active (for a storefront countdown) ' +
      'and is 0 once it is confirmed, cancelled or expired. A hold read at or after its `expiresAt` is expired ' +
      'on the spot (its units go back) and shown as `expired`, whether or not the sweep has run.',
  })
  @ApiParam({ name: 'id', description: 'The reservationId', example: ACTIVE_EXAMPLE.reservationId })
  @ApiEnvelope(200, ReservationDto, { description: 'The reservation', example: ACTIVE_EXAMPLE })
  @ApiErrors('VALIDATION_FAILED', 'RESERVATION_NOT_FOUND')
  async get(@Param('id', parseReservationId) id: string): Promise<ReservationDto> {
    return toReservationDto(await this.reservations.get(id), this.clock.now());
  }
}
