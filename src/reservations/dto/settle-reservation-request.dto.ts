import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ApiModel } from '../../common/openapi/api-model';
import { IsUserId } from '../user-id';

/** The body of confirm and cancel. */
@ApiModel('The hold to confirm or cancel, and its owner.')
export class SettleReservationRequestDto {
  /** The `reservationId` that reserve answered with. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  reservationId!: string;

  /** The shopper who made the reservation. */
  @IsUserId()
  userId!: string;
}
