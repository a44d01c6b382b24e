import { ApiModel } from '../../common/openapi/api-model';
import { IsUserId } from '../user-id';
import { CartLineRequestDto } from './create-reservation-request.dto';

/** A one-line hold: a cart line's fields (and rules), and the shopper. */
@ApiModel('What to hold, how many, for whom.')
export class ReserveRequestDto extends CartLineRequestDto {
  /** The shopper. */
  @IsUserId()
  userId!: string;
}
