// An intent is a command as its sender knows it: what a client asks over HTTP or a process asks
// for, before the shell completes it with the facts it reads (the time, the actor, bans, services,
// market settings). One intent type per command, named as the command; the shell's one
// completion step (libs/shell/src/commands/completion.ts) turns each into its command.
import type { BanCommand } from '../ban/ban.js';
import type { BindingCommand, CreateProposal, GrantAuthorizations, GrantItem, ProposalItem, SignProposal } from '../binding/commands.js';
import type { DeactivateService, PublishService } from '../service/service.js';
import type { SubscribeWebhook } from '../webhook/webhook.js';

/** What the shell supplies: who, when, and what it reads from other streams and the settings. */
type Supplied = 'actor' | 'now' | 'bans' | 'service' | 'settings' | 'ifMatch' | 'partnerBanned' | 'overlapHours';
type Without<C, K extends PropertyKey> = C extends unknown ? Omit<C, K> : never;

/** The seller grants on a link: the link names the partner, the seller's token its id and market. */
export interface GrantAuthorizationsIntent extends Without<GrantAuthorizations, Supplied | 'partnerId' | 'sellerId' | 'market' | 'grants'> {
  linkCode: string;
  grants: Without<GrantItem, 'service'>[];
}

export interface CreateProposalIntent extends Without<CreateProposal, Supplied | 'services'> {
  services: Without<ProposalItem, 'service'>[];
}

/** The seller signs: the proposal names the services, the seller's token its market. */
export type SignProposalIntent = Without<SignProposal, Supplied | 'market' | 'services'>;

export type BindingIntent =
  | GrantAuthorizationsIntent
  | CreateProposalIntent
  | SignProposalIntent
  | Without<Exclude<BindingCommand, GrantAuthorizations | CreateProposal | SignProposal>, Supplied>;

/** An action on an existing authorization. */
export type AuthorizationIntent = Extract<BindingIntent, { authorizationId: string }>;

/** A service command, on the service's stream; a partner's ban is read by the shell. */
export type ServiceIntent = (Omit<PublishService, 'actor' | 'now' | 'partnerBanned'> | Omit<DeactivateService, 'actor' | 'now' | 'partnerBanned'>) & {
  serviceId: string;
};

export type BanIntent = Without<BanCommand, Supplied>;

/** A webhook command: a new secret travels in the clear only as far as the shell, which seals it. */
export type WebhookIntent =
  | (Without<SubscribeWebhook, Supplied | 'sealedSecret'> & { secret: string })
  | { type: 'UnsubscribeWebhook'; webhookId: string }
  | { type: 'RotateWebhookSecret'; webhookId: string; secret: string };

/** What the processes ask for. */
export type ProcessIntent = Extract<
  BindingIntent | ServiceIntent,
  { type: 'DeactivateAuthorization' | 'DeactivateService' | 'ExpireAuthorization' | 'TimeOutAuthorizationCancellation' | 'ExpireProposal' }
>;

/** The process each of its intents belongs to: its events carry `actor: { role: 'system', sub: <process> }`. */
export const PROCESS_OF: Record<ProcessIntent['type'], string> = {
  DeactivateAuthorization: 'cascade',
  DeactivateService: 'cascade',
  ExpireAuthorization: 'expiry',
  TimeOutAuthorizationCancellation: 'cancellation-timeout',
  ExpireProposal: 'proposal-expiry',
};
