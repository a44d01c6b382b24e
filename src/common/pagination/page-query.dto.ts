import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CURSOR_MESSAGE, CURSOR_PATTERN } from './cursor';

/** `?limit=&cursor=` of every cursor-paginated list. */
export class PageQueryDto {
  /**
   * Items per page.
   * @example 20
   */
  // Optional because of its default, which the swagger plugin cannot see (it has no `?`).
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @Matches(CURSOR_PATTERN, { message: CURSOR_MESSAGE })
  cursor?: string;
}
