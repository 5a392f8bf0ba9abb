// Scope shapes of API.md as DTOs, shared by grants, edits, proposals and services.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { AUTHORIZED_OBJECTS, type AuthorizedObject, MAX_VALIDITY_DAYS, SELLER_CENTER_ROLES, type SellerCenterRole } from '#libs/domain';
import { IsPrincipalId } from './validators.js';

/** The scopes named alike whether granted or requested. */
class ScopeFlagsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  shopOperationTicket?: boolean;

  @ApiPropertyOptional({ enum: SELLER_CENTER_ROLES, isArray: true, maxItems: SELLER_CENTER_ROLES.length })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SELLER_CENTER_ROLES.length)
  @ArrayUnique()
  @IsIn(SELLER_CENTER_ROLES, { each: true })
  sellerCenterRoles?: SellerCenterRole[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dataCompass?: boolean;
}

/** What a seller grants: one authorized object. */
export class ScopesDto extends ScopeFlagsDto {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, description: 'required in US_L2L, not allowed elsewhere' })
  @IsOptional()
  @IsIn(AUTHORIZED_OBJECTS)
  authorizedObject?: AuthorizedObject;
}

/** What a service requests: the authorized objects it may be given. */
export class RequestedScopesDto extends ScopeFlagsDto {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, isArray: true, maxItems: AUTHORIZED_OBJECTS.length })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(AUTHORIZED_OBJECTS.length)
  @ArrayUnique()
  @IsIn(AUTHORIZED_OBJECTS, { each: true })
  authorizedObjects?: AuthorizedObject[];
}

/** One service with the scopes and validity given to it: a grant's item, a proposal's item. */
export class ServiceScopesDto {
  @IsPrincipalId('the service')
  serviceId!: string;

  @ApiProperty({ type: ScopesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ScopesDto)
  scopes!: ScopesDto;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_VALIDITY_DAYS, description: "at most the service's validityDays (its default)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VALIDITY_DAYS)
  validityDays?: number;
}
