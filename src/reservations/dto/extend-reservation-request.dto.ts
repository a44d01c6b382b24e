import { ApiModel } from '../../common/openapi/api-model';
import { IsUserId } from '../user-id';

@ApiModel('Who asks for more time on a hold (its owner).')
export class ExtendReservationRequestDto {
  /** The shopper who made the reservation. */
  @IsUserId()
  userId!: string;
}
