import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type Market, MARKETS, MAX_VALIDITY_DAYS, PRINCIPAL_ID_PATTERN, type Visibility } from '#libs/domain';
import { RequestedScopesDto } from '../shared/scopes.dto.js';
import { OptionalText, RequiredText } from '../shared/validators.js';

export class PublishServiceDto {
  @RequiredText(1, 120)
  name!: string;

  @OptionalText(2000)
  description?: string;

  @ApiProperty({ enum: ['PUBLIC', 'CUSTOM'] })
  @IsIn(['PUBLIC', 'CUSTOM'])
  visibility!: Visibility;

  @ApiProperty({ enum: MARKETS, isArray: true, minItems: 1, maxItems: 5 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(MARKETS, { each: true })
  markets!: Market[];

  @ApiProperty({ type: RequestedScopesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestedScopesDto)
  requestedScopes!: RequestedScopesDto;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_VALIDITY_DAYS, default: MAX_VALIDITY_DAYS, description: 'the longest validity a seller may grant' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VALIDITY_DAYS)
  validityDays?: number;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 1000, description: 'CUSTOM only, required there' })
  @ValidateIf((o: PublishServiceDto) => o.visibility === 'CUSTOM' || o.sellerIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(PRINCIPAL_ID_PATTERN, { each: true, message: 'each seller id must be 1 to 128 letters, digits or . _ : @ -' })
  sellerIds?: string[];
}

export class ReasonDto {
  @OptionalText(500)
  reason?: string;
}

export class RequiredReasonDto {
  @RequiredText(1, 500)
  reason!: string;
}
