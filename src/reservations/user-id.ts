import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Who the shopper is, as the client names them. */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A `userId` field: 1-128 characters of letters, digits and . _ : @ - (validated and documented). */
export function IsUserId(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(USER_ID_PATTERN, {
      message: 'userId must be 1-128 characters of letters, digits and . _ : @ -',
    }),
    ApiProperty({ pattern: USER_ID_PATTERN.source, example: 'user-123' }),
  );
}
