// Scope shapes of API.md as DTOs, shared by grants, edits, proposals and services.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { AUTHORIZED_OBJECTS, type AuthorizedObject, SELLER_CENTER_ROLES, type SellerCenterRole } from '#libs/domain';

export class ScopesDto {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, description: 'required in US_L2L, not allowed elsewhere' })
  @IsOptional()
  @IsIn(AUTHORIZED_OBJECTS)
  authorizedObject?: AuthorizedObject;

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

export class RequestedScopesDto {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, isArray: true, maxItems: AUTHORIZED_OBJECTS.length })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(AUTHORIZED_OBJECTS.length)
  @ArrayUnique()
  @IsIn(AUTHORIZED_OBJECTS, { each: true })
  authorizedObjects?: AuthorizedObject[];

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
