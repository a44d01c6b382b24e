import { IsUUID } from 'class-validator';
import { ApiModel } from '../../common/openapi/api-model';
import { IsUserId } from '../user-id';

/** The body of confirm and cancel. */
@ApiModel('The hold to confirm or cancel, and its owner.')
export class SettleReservationRequestDto {
  /** @example "3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11" */
  @IsUUID()
  reservationId!: string;

  /** The shopper who made the reservation. */
  @IsUserId()
  userId!: string;
}
