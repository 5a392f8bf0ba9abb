// Commands decided on a binding stream. The shell puts everything impure into them: the time,
// the actor, the bans it read, the services it read, the seller's market, the market settings.
import type { Actor } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';
import type { MarketSettings } from '../market/market-rules.js';
import type { Market, ScopesInput } from '../market/scopes.js';
import type { ServiceFacts } from '../service/service.js';
import type { DeactivationEndReason } from './events.js';

/** A service as read from its stream when the command was made. */
export type PublishedService = ServiceFacts & { status: 'ACTIVE' | 'DEACTIVATED' };

export interface Bans {
  partner: boolean;
  seller: boolean;
}

interface BindingCommandBase {
  actor: Actor;
  now: Instant;
  bans: Bans;
}

interface OnAuthorization extends BindingCommandBase {
  authorizationId: string;
}

interface OnProposal extends BindingCommandBase {
  proposalId: string;
}

export interface GrantItem {
  serviceId: string;
  service?: PublishedService;
  scopes: ScopesInput;
  validityDays?: number;
  autoRenew?: boolean;
}

export interface GrantAuthorizations extends BindingCommandBase {
  type: 'GrantAuthorizations';
  partnerId: string;
  sellerId: string;
  market: Market;
  settings: MarketSettings;
  grants: GrantItem[];
}

export interface EditAuthorization extends OnAuthorization {
  type: 'EditAuthorization';
  scopes?: ScopesInput;
  autoRenew?: boolean;
  /** The authorization's service, to check new scopes against what it requests. */
  service?: PublishedService;
  settings: MarketSettings;
  ifMatch?: number;
}

export interface RenewAuthorization extends OnAuthorization {
  type: 'RenewAuthorization';
  service?: PublishedService;
  ifMatch?: number;
}

export interface RequestAuthorizationRenewal extends OnAuthorization {
  type: 'RequestAuthorizationRenewal';
  ifMatch?: number;
}

export interface CancelAuthorization extends OnAuthorization {
  type: 'CancelAuthorization';
  reason?: string;
  ifMatch?: number;
}

export interface RequestAuthorizationCancellation extends OnAuthorization {
  type: 'RequestAuthorizationCancellation';
  reason: string;
  note?: string;
  ifMatch?: number;
}

export interface ApproveAuthorizationCancellation extends OnAuthorization {
  type: 'ApproveAuthorizationCancellation';
  ifMatch?: number;
}

export interface RejectAuthorizationCancellation extends OnAuthorization {
  type: 'RejectAuthorizationCancellation';
  reason?: string;
  ifMatch?: number;
}

export interface RemoveAuthorization extends OnAuthorization {
  type: 'RemoveAuthorization';
  ifMatch?: number;
}

export interface DeactivateAuthorization extends OnAuthorization {
  type: 'DeactivateAuthorization';
  endReason: DeactivationEndReason;
  reason?: string;
  ifMatch?: number;
}

/** System: at expiresAt, expire it, or renew it when auto-renew is on and the service still active. */
export interface ExpireAuthorization extends OnAuthorization {
  type: 'ExpireAuthorization';
  service?: PublishedService;
}

/** System: a cancellation request the seller left unanswered for 72 hours cancels. */
export interface TimeOutAuthorizationCancellation extends OnAuthorization {
  type: 'TimeOutAuthorizationCancellation';
}

export interface ProposalItem {
  serviceId: string;
  service?: PublishedService;
  scopes: ScopesInput;
  validityDays?: number;
}

export interface CreateProposal extends BindingCommandBase {
  type: 'CreateProposal';
  proposalId: string;
  partnerId: string;
  sellerId: string;
  sellerMarket: Market;
  services: ProposalItem[];
  message?: string;
  expiresInDays: number;
  settings: MarketSettings;
}

export interface WithdrawProposal extends OnProposal {
  type: 'WithdrawProposal';
}

export interface DeclineProposal extends OnProposal {
  type: 'DeclineProposal';
  reason?: string;
}

export interface SignProposal extends OnProposal {
  type: 'SignProposal';
  /** The signing seller's market, from its token. */
  market: Market;
  /** The proposed services as read now, by serviceId. */
  services: Record<string, PublishedService | undefined>;
  settings: MarketSettings;
}

export interface ExpireProposal extends OnProposal {
  type: 'ExpireProposal';
}

export type AuthorizationCommand =
  | GrantAuthorizations
  | EditAuthorization
  | RenewAuthorization
  | RequestAuthorizationRenewal
  | CancelAuthorization
  | RequestAuthorizationCancellation
  | ApproveAuthorizationCancellation
  | RejectAuthorizationCancellation
  | RemoveAuthorization
  | DeactivateAuthorization
  | ExpireAuthorization
  | TimeOutAuthorizationCancellation;

export type ProposalCommand = CreateProposal | WithdrawProposal | DeclineProposal | SignProposal | ExpireProposal;

export type BindingCommand = AuthorizationCommand | ProposalCommand;
