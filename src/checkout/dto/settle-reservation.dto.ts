import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { USER_ID_MESSAGE, USER_ID_PATTERN } from './user-id';

/** The body of confirm and cancel. */
@ApiSchema({
  name: 'SettleReservationRequest',
  description: 'The hold to confirm or cancel, and its owner.',
})
export class SettleReservationDto {
  /** @example "3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11" */
  @IsUUID()
  reservationId!: string;

  /**
   * The shopper who made the reservation.
   * @example "user-123"
   */
  @IsString()
  @ApiProperty({ pattern: USER_ID_PATTERN.source })
  @Matches(USER_ID_PATTERN, { message: USER_ID_MESSAGE })
  userId!: string;
}
