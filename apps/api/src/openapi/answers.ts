// The pages and the command answers of API.md's routes as OpenAPI schemas. Every command answers
// with `position`, the position of its last event in the global log as a decimal string.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { MARKETS } from '#libs/domain';
import { AuthorizationViewSchema, PartnerServiceView, ProposalView, ServiceView } from './views.js';

const MENU_ITEMS = ['App & service', 'Growth', 'Find partner', 'TikTok Shop partners'];
const POSITION = { pattern: '^\\d+$', description: "the position of the command's last event in the global log, a decimal string" } as const;

export class CommandPosition {
  @ApiProperty(POSITION) position!: string;
}

@ApiSchema({ name: 'ServicePublished' })
export class ServicePublishedAnswer {
  @ApiProperty() serviceId!: string;
  @ApiProperty() linkCode!: string;
  @ApiProperty({ format: 'uri', description: 'the link the partner shares with sellers' }) authorizationLink!: string;
  @ApiProperty(POSITION) position!: string;
}

export class ServiceAnswer {
  @ApiProperty({ type: ServiceView }) service!: ServiceView;
  @ApiProperty(POSITION) position!: string;
}

export class GrantedAuthorization {
  @ApiProperty() authorizationId!: string;
  @ApiProperty() serviceId!: string;
  @ApiProperty({ enum: ['ACTIVE'] }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: string;
}

export class GrantAnswer {
  @ApiProperty({ type: [GrantedAuthorization], minItems: 1 }) authorizations!: GrantedAuthorization[];
  @ApiProperty(POSITION) position!: string;
}

export class AuthorizationAnswer {
  @ApiProperty({ type: AuthorizationViewSchema, description: 'the authorization after the command' }) authorization!: AuthorizationViewSchema;
  @ApiProperty(POSITION) position!: string;
}

export class RenewalRequested {
  @ApiProperty({ format: 'uri', description: 'the link, sent to the seller again' }) authorizationLink!: string;
  @ApiProperty(POSITION) position!: string;
}

export class RenewalsRequested {
  @ApiProperty({ minimum: 0, description: 'how many authorizations were asked to renew' }) requested!: number;
  @ApiProperty(POSITION) position!: string;
}

@ApiSchema({ name: 'ProposalCreated' })
export class ProposalCreatedAnswer {
  @ApiProperty() proposalId!: string;
  @ApiProperty(POSITION) position!: string;
}

export class ProposalAnswer {
  @ApiProperty({ type: ProposalView, description: 'the proposal after the command' }) proposal!: ProposalView;
  @ApiProperty(POSITION) position!: string;
}

export class CountsByStatus {
  @ApiProperty({ minimum: 0 }) ACTIVE!: number;
  @ApiProperty({ minimum: 0 }) EXPIRED!: number;
  @ApiProperty({ minimum: 0 }) CANCELLED!: number;
  @ApiProperty({ minimum: 0 }) DEACTIVATED!: number;
}

class Paging {
  @ApiProperty({ minimum: 0, description: 'how many match, over every page' }) total!: number;
  @ApiProperty({ minimum: 1 }) page!: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) pageSize!: number;
}

/** The contract's Seller management page (the read side's `SellerManagementPage`), as OpenAPI names it. */
@ApiSchema({ name: 'SellerManagementPage' })
export class SellerManagementPageSchema extends Paging {
  @ApiProperty({ type: [AuthorizationViewSchema] }) items!: AuthorizationViewSchema[];
  @ApiProperty({ type: CountsByStatus, description: "this partner's authorizations under the same filters but status" }) countsByStatus!: CountsByStatus;
}

export class MyServicePage extends Paging {
  @ApiProperty({ type: [AuthorizationViewSchema] }) items!: AuthorizationViewSchema[];
  @ApiProperty({
    enum: MENU_ITEMS,
    isArray: true,
    minItems: 2,
    maxItems: 2,
    description: "where the seller finds the page in Seller Center: its market's menu",
  })
  menuPath!: string[];
}

export class PartnerServicesPage extends Paging {
  @ApiProperty({ type: [PartnerServiceView] }) items!: PartnerServiceView[];
}

export class ProposalsPage extends Paging {
  @ApiProperty({ type: [ProposalView] }) items!: ProposalView[];
}

export class WhoAmI {
  @ApiProperty({ enum: ['partner', 'seller', 'admin', 'auditor'] }) role!: string;
  @ApiProperty() sub!: string;
  @ApiPropertyOptional({ enum: MARKETS, description: 'sellers only' }) market?: string;
  @ApiProperty({ type: String, format: 'date-time', description: "the service's time when the request arrived" }) now!: string;
}
