import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ScopesDto, ServiceScopesDto } from '../shared/scopes.dto.js';
import { OptionalText, RequiredText } from '../shared/validators.js';

export class GrantDto extends ServiceScopesDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;
}

export class GrantAuthorizationsDto {
  @ApiProperty({ description: "the link code of the partner's authorization link", maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'linkCode is a link code such as lk_...' })
  linkCode!: string;

  @ApiProperty({ type: [GrantDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants!: GrantDto[];
}

export class EditAuthorizationDto {
  @ApiPropertyOptional({ type: ScopesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScopesDto)
  scopes?: ScopesDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;
}

export class CancellationRequestDto {
  @RequiredText(1, 500)
  reason!: string;

  @OptionalText(2000)
  note?: string;
}

export class BulkRenewalRequestDto {
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 1000 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 600, { each: true })
  authorizationIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiringWithinDays?: number;
}
