// Query parameters of the pages: unknown parameters, wrong types and values out of range are 400
// naming the parameter.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  AUTHORIZATION_STATUSES,
  type AuthorizationStatus,
  type Market,
  MARKETS,
  PRINCIPAL_ID_PATTERN,
  PROPOSAL_STATUSES,
  type ProposalStatus,
} from '#libs/domain';
import { SELLER_MANAGEMENT_SORTS, type SellerManagementSort } from '#libs/read-models';
import { DecimalInteger } from '../shared/validators.js';

const OptionalInt = (min: number, max: number, description?: string) => (target: object, key: string) => {
  ApiPropertyOptional({ type: Number, minimum: min, maximum: max, ...(description && { description }) })(target, key);
  IsOptional()(target, key);
  DecimalInteger()(target, key);
  IsInt()(target, key);
  Min(min)(target, key);
  Max(max)(target, key);
};

const OptionalId = () => (target: object, key: string) => {
  ApiPropertyOptional({ pattern: PRINCIPAL_ID_PATTERN.source })(target, key);
  IsOptional()(target, key);
  Matches(PRINCIPAL_ID_PATTERN)(target, key);
};

export class PagingQuery {
  @OptionalInt(1, 100_000, 'from 1')
  page?: number;

  @OptionalInt(1, 100)
  pageSize?: number;
}

export class SellerManagementQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: AUTHORIZATION_STATUSES })
  @IsOptional()
  @IsIn(AUTHORIZATION_STATUSES)
  status?: AuthorizationStatus;

  @ApiPropertyOptional({ enum: MARKETS })
  @IsOptional()
  @IsIn(MARKETS)
  market?: Market;

  @OptionalId()
  serviceId?: string;

  @OptionalId()
  sellerId?: string;

  @OptionalInt(1, 365, 'ACTIVE ones whose expiresAt falls within this many days')
  expiringWithinDays?: number;

  @ApiPropertyOptional({ enum: SELLER_MANAGEMENT_SORTS, default: '-updatedAt' })
  @IsOptional()
  @IsIn(SELLER_MANAGEMENT_SORTS)
  sort?: SellerManagementSort;
}

export class MyServiceQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: AUTHORIZATION_STATUSES })
  @IsOptional()
  @IsIn(AUTHORIZATION_STATUSES)
  status?: AuthorizationStatus;

  @OptionalInt(1, 365)
  expiringWithinDays?: number;
}

export class PartnerServicesQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: ['ACTIVE', 'DEACTIVATED'] })
  @IsOptional()
  @IsIn(['ACTIVE', 'DEACTIVATED'])
  status?: 'ACTIVE' | 'DEACTIVATED';
}

export class ProposalsQueryDto extends PagingQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;
}
