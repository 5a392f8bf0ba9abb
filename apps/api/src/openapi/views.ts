// The views of API.md's Shapes as OpenAPI schemas. The domain's views are plain types (libs/domain
// has no Nest); these classes only describe them, and the contract test validates real answers
// against them, so a field added to a view without being documented here fails that test.
// Nested classes come first: a decorator naming a class declared later throws at load.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { AUTHORIZATION_STATUSES, AUTHORIZED_OBJECTS, END_REASONS, MARKETS, PROPOSAL_STATUSES, SELLER_CENTER_ROLES, UNAVAILABLE_REASONS } from '#libs/domain';

const INSTANT = { type: String, format: 'date-time' } as const;

export class ScopesView {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS })
  authorizedObject?: string;

  @ApiProperty()
  shopOperationTicket!: boolean;

  @ApiProperty({ enum: SELLER_CENTER_ROLES, isArray: true, uniqueItems: true })
  sellerCenterRoles!: string[];

  @ApiProperty()
  dataCompass!: boolean;
}

export class RequestedScopesView {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, isArray: true, minItems: 1 })
  authorizedObjects?: string[];

  @ApiPropertyOptional()
  shopOperationTicket?: boolean;

  @ApiPropertyOptional({ enum: SELLER_CENTER_ROLES, isArray: true, minItems: 1 })
  sellerCenterRoles?: string[];

  @ApiPropertyOptional()
  dataCompass?: boolean;
}

/** What a seller's market lets it grant of what a service requests. */
export class OfferableScopesView {
  @ApiPropertyOptional({ enum: AUTHORIZED_OBJECTS, isArray: true, description: 'US_L2L only' })
  authorizedObjects?: string[];

  @ApiProperty()
  shopOperationTicket!: boolean;

  @ApiProperty({ enum: SELLER_CENTER_ROLES, isArray: true })
  sellerCenterRoles!: string[];

  @ApiProperty()
  dataCompass!: boolean;
}

export class ServiceView {
  @ApiProperty() serviceId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) name!: string;
  @ApiProperty({ maxLength: 2000 }) description!: string;
  @ApiProperty({ enum: ['PUBLIC', 'CUSTOM'] }) visibility!: string;
  @ApiProperty({ enum: MARKETS, isArray: true, minItems: 1, maxItems: 5 }) markets!: string[];
  @ApiProperty({ type: RequestedScopesView }) requestedScopes!: RequestedScopesView;
  @ApiProperty({ minimum: 1, maximum: 365, description: 'the longest validity a seller may grant' }) validityDays!: number;
  @ApiPropertyOptional({ type: [String], description: 'CUSTOM services, shown to the owner only' }) sellerIds?: string[];
  @ApiProperty({ enum: ['ACTIVE', 'DEACTIVATED'] }) status!: string;
  @ApiProperty() linkCode!: string;
  @ApiProperty({ format: 'uri' }) authorizationLink!: string;
  @ApiProperty(INSTANT) publishedAt!: string;
  @ApiPropertyOptional(INSTANT) deactivatedAt?: string;
}

export class PartnerServiceView extends ServiceView {
  @ApiProperty({ minimum: 0, description: 'how many ACTIVE authorizations it has' })
  activeAuthorizations!: number;
}

export class CancellationRequestView {
  @ApiProperty(INSTANT) requestedAt!: string;
  @ApiProperty({ minLength: 1, maxLength: 500 }) reason!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) note?: string;
  @ApiProperty({ ...INSTANT, description: 'unanswered until then, the authorization is cancelled' }) dueAt!: string;
}

/** The contract's AuthorizationView (the domain's `AuthorizationView`), as OpenAPI names it. */
@ApiSchema({ name: 'AuthorizationView' })
export class AuthorizationViewSchema {
  @ApiProperty() authorizationId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() sellerId!: string;
  @ApiProperty() serviceId!: string;
  @ApiProperty() serviceName!: string;
  @ApiProperty({ enum: MARKETS }) market!: string;
  @ApiProperty({ enum: AUTHORIZATION_STATUSES }) status!: string;
  @ApiProperty({ type: ScopesView }) scopes!: ScopesView;
  @ApiProperty({ minimum: 1, maximum: 365 }) validityDays!: number;
  @ApiProperty() autoRenew!: boolean;
  @ApiProperty(INSTANT) grantedAt!: string;
  @ApiProperty(INSTANT) expiresAt!: string;
  @ApiPropertyOptional(INSTANT) renewedAt?: string;
  @ApiPropertyOptional(INSTANT) renewalRequestedAt?: string;
  @ApiPropertyOptional({ type: CancellationRequestView, description: "the partner's pending cancellation request" })
  cancellationRequest?: CancellationRequestView;
  @ApiPropertyOptional({ ...INSTANT, description: 'the partner may ask again 144 hours after it' }) cancellationRejectedAt?: string;
  @ApiPropertyOptional(INSTANT) endedAt?: string;
  @ApiPropertyOptional({ enum: END_REASONS }) endReason?: string;
  @ApiPropertyOptional({ ...INSTANT, description: "removed from the seller's page" }) removedAt?: string;
  @ApiPropertyOptional({ description: 'the signed proposal that granted it' }) proposalId?: string;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty({ minimum: 1, description: 'sent as ETag; If-Match takes it' }) revision!: number;
}

export class ProposedServiceView {
  @ApiProperty() serviceId!: string;
  @ApiProperty() serviceName!: string;
  @ApiProperty({ type: ScopesView }) scopes!: ScopesView;
  @ApiProperty({ minimum: 1, maximum: 365 }) validityDays!: number;
}

export class ProposalView {
  @ApiProperty() proposalId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() sellerId!: string;
  @ApiProperty({ enum: ['US_L2L', 'US_CB'] }) sellerMarket!: string;
  @ApiProperty({ type: [ProposedServiceView], minItems: 1, maxItems: 10 }) services!: ProposedServiceView[];
  @ApiPropertyOptional({ maxLength: 2000 }) message?: string;
  @ApiProperty({ enum: PROPOSAL_STATUSES }) status!: string;
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty(INSTANT) expiresAt!: string;
  @ApiPropertyOptional(INSTANT) endedAt?: string;
  @ApiPropertyOptional({ description: 'why it ended (a FAILED signature says which service could not be granted)' }) endReason?: string;
}

export class AccessCheckView {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ enum: ['ALLOWED', 'NO_AUTHORIZATION', 'SCOPE_NOT_GRANTED', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'] }) reason!: string;
  @ApiProperty({ type: [String], description: 'the ACTIVE authorizations that allow it' }) authorizationIds!: string[];
  @ApiPropertyOptional({ ...INSTANT, description: 'the latest end of those authorizations' }) expiresAt?: string;
}

export class LinkServiceView {
  @ApiProperty() serviceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: OfferableScopesView }) offerableScopes!: OfferableScopesView;
  @ApiProperty({ minimum: 1, maximum: 365 }) validityDays!: number;
}

export class UnavailableServiceView {
  @ApiProperty() serviceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    enum: UNAVAILABLE_REASONS,
    description: 'ALREADY_ACTIVE: this seller has it ACTIVE; NOT_OFFERED_IN_MARKET: not offered in its market; DEACTIVATED: the service was deactivated',
  })
  reason!: string;
}

export class LinkPageView {
  @ApiProperty() partnerId!: string;
  @ApiProperty({ type: [LinkServiceView], description: "the partner's services this seller may still authorize" }) services!: LinkServiceView[];
  @ApiProperty({
    type: [UnavailableServiceView],
    description:
      "the partner's services this seller may see but cannot authorize now, with the reason (a CUSTOM service that does not name the seller is never listed)",
  })
  unavailable!: UnavailableServiceView[];
}
