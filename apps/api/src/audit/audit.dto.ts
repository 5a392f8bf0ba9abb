// Queries and answers of the audit routes. Query parameters that are unknown, of the wrong type
// or out of range are 400 naming the parameter; `type` may repeat, each one a contract event type.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { EVENT_TYPES, type EventType } from '#libs/domain';
import { DecimalInteger } from '../shared/validators.js';

/** A full instant: date, time and zone (`Z` or an offset); fractions of a second optional. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Log positions are unsigned 64-bit integers (EventStoreDB's); a larger one names nothing. */
const MAX_POSITION = 2n ** 64n - 1n;

const IsLogPosition = () =>
  ValidateBy({
    name: 'isLogPosition',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) <= MAX_POSITION,
      defaultMessage: () => `fromPosition must be a position as a decimal string, at most ${MAX_POSITION}`,
    },
  });

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ type: String, pattern: '^\\d{1,20}$', default: '0', description: 'exclusive: events after this position' })
  @IsOptional()
  @IsLogPosition()
  fromPosition?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'repeat to ask for several types' })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value : [value]))
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: 'type must be an event type of the contract, such as AuthorizationGranted' })
  type?: EventType[];
}

export class AsOfQueryDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-01T10:00:00.000Z', description: 'the instant to rebuild the authorization at' })
  @IsString({ message: 'asOf is required: an ISO-8601 instant such as 2026-03-01T10:00:00.000Z' })
  @Matches(ISO_INSTANT, { message: 'asOf must be an ISO-8601 instant with a time and a zone, such as 2026-03-01T10:00:00.000Z' })
  @IsISO8601({ strict: true }, { message: 'asOf must be a real date and time' })
  asOf!: string;
}

class AuditActorDto {
  @ApiProperty({ enum: ['partner', 'seller', 'admin', 'auditor', 'system'] })
  role!: string;

  @ApiProperty({ description: "the principal's id, or the process name for the system" })
  sub!: string;
}

class AuditMetadataDto {
  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty()
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'the id of the event that caused this one (system events)' })
  causationId!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ description: 'the version of the shape `data` has here (events written in an older one are upcast when read)' })
  schemaVersion!: number;
}

export class AuditEventDto {
  @ApiProperty()
  eventId!: string;

  @ApiProperty({ description: 'the position in the global log, a decimal string' })
  position!: string;

  @ApiProperty()
  streamName!: string;

  @ApiProperty({ description: "the event's 0-based revision in its stream" })
  revision!: number;

  @ApiProperty({ enum: EVENT_TYPES })
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the facts; secrets are replaced by "[REDACTED]"' })
  data!: unknown;

  @ApiProperty({ type: AuditMetadataDto })
  metadata!: AuditMetadataDto;
}

export class AuditEventsPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  events!: AuditEventDto[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as fromPosition for the next page; null at the end' })
  nextPosition!: string | null;
}

export class AuthorizationHistoryDto {
  @ApiProperty()
  authorizationId!: string;

  @ApiProperty({ type: [AuditEventDto], description: 'oldest first' })
  events!: AuditEventDto[];
}
