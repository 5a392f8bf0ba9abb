// Field rules used across DTOs.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PRINCIPAL_ID_PATTERN } from '#libs/domain';

/** A partner, seller or service id: 1..128 of letters, digits and . _ : @ - */
export const IsPrincipalId = (description = 'an id') =>
  applyDecorators(
    ApiProperty({ description, pattern: PRINCIPAL_ID_PATTERN.source, minLength: 1, maxLength: 128 }),
    IsString(),
    Matches(PRINCIPAL_ID_PATTERN, { message: '$property must be 1 to 128 letters, digits or . _ : @ -' }),
  );

export const OptionalText = (max: number, description?: string) =>
  applyDecorators(ApiPropertyOptional({ maxLength: max, ...(description && { description }) }), IsOptional(), IsString(), MaxLength(max));

export const RequiredText = (min: number, max: number, description?: string) =>
  applyDecorators(ApiProperty({ minLength: min, maxLength: max, ...(description && { description }) }), IsString(), Length(min, max));

/**
 * A whole number in a query string, read as plain decimal digits only: `Number()` would also
 * take `0x10`, `1e1`, ` 16`, `+16` or `016` for numbers. Anything else is left as the string it
 * is, so that the number rule after it names the parameter.
 */
export const DecimalInteger = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value));
