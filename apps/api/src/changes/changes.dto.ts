// The query of GET /v1/changes: where to resume when the client cannot send Last-Event-ID.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export const POSITION_PATTERN = /^\d{1,20}$/;

export class ChangesQueryDto {
  @ApiPropertyOptional({
    type: String,
    pattern: '^\\d{1,20}$',
    description: 'exclusive: the events after this position (Last-Event-ID wins when both are sent)',
  })
  @IsOptional()
  @Matches(POSITION_PATTERN, { message: 'after must be a position as a decimal string' })
  after?: string;
}
