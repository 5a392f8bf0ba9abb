import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { DEFAULT_PROPOSAL_DAYS, type Market, MARKETS, MAX_PROPOSAL_DAYS } from '#libs/domain';
import { ServiceScopesDto } from '../shared/scopes.dto.js';
import { IsPrincipalId, OptionalText } from '../shared/validators.js';

export class ProposedServiceDto extends ServiceScopesDto {}

export class CreateProposalDto {
  @IsPrincipalId('the seller the proposal is for')
  sellerId!: string;

  @ApiProperty({ enum: MARKETS, description: 'US_L2L or US_CB: proposals exist there only' })
  @IsIn(MARKETS)
  sellerMarket!: Market;

  @ApiProperty({ type: [ProposedServiceDto], minItems: 1, maxItems: 10 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProposedServiceDto)
  services!: ProposedServiceDto[];

  @OptionalText(2000)
  message?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PROPOSAL_DAYS, default: DEFAULT_PROPOSAL_DAYS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PROPOSAL_DAYS)
  expiresInDays?: number;
}
