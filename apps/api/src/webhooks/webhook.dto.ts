// Requests and answers of the webhook routes. Whether a well-formed URL is acceptable (scheme,
// address) is a business rule: 422 naming `url`, decided in the command, not here.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '#libs/domain';
import { DecimalInteger } from '../shared/validators.js';

export const MAX_URL_LENGTH = 2_048;

export class SubscribeWebhookDto {
  @ApiProperty({
    description: 'where deliveries are POSTed: https (http only with WEBHOOK_ALLOW_HTTP=true)',
    maxLength: MAX_URL_LENGTH,
    example: 'https://tsp.example.com/hooks',
  })
  @IsString()
  @Length(1, MAX_URL_LENGTH)
  @Matches(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/, { message: 'url must be an absolute URL such as https://tsp.example.com/hooks' })
  url!: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1, description: 'default: every type' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 100, description: 'how many of the newest deliveries' })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class WebhookCreatedDto {
  @ApiProperty() webhookId!: string;
  @ApiProperty({ description: 'whsec_ + base64: signs every delivery; shown only here', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) secret!: string;
  @ApiProperty({ description: 'the log position of the subscription' }) position!: string;
}

export class SecretRotatedDto {
  @ApiProperty({
    description:
      'the new secret (whsec_ + base64), shown only here; the one it replaces still signs, beside it, for WEBHOOK_SECRET_OVERLAP_HOURS (24 by default)',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret!: string;
  @ApiProperty({ description: 'the log position of the rotation' }) position!: string;
}

export class PositionDto {
  @ApiProperty() position!: string;
}

export class WebhookDto {
  @ApiProperty() webhookId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes!: WebhookEventType[];
  @ApiProperty() createdAt!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
}

export class DeliveryDto {
  @ApiProperty({ description: 'the notification id: the Webhook-Id header and the body id' }) deliveryId!: string;
  @ApiProperty({ description: 'the log event (or the expiry reminder) it notifies' }) eventId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType!: WebhookEventType;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'] }) status!: string;
  @ApiPropertyOptional({ type: 'integer', description: 'the HTTP status of the last answer' }) lastStatusCode?: number;
  @ApiPropertyOptional({ description: 'short; never the whole answer' }) lastError?: string;
  @ApiPropertyOptional() nextAttemptAt?: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiProperty() createdAt!: string;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
}
