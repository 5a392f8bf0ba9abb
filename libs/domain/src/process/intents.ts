// What processes ask for: commands named by their subject, which the shell completes with facts
// (services, bans) read from the event store and runs through the same handler as HTTP commands.
import type { DeactivationEndReason } from '../binding/events.js';
import type { ServiceDeactivationCause } from '../service/service.js';

export type Intent =
  | { type: 'DeactivateAuthorization'; authorizationId: string; endReason: DeactivationEndReason }
  | { type: 'DeactivateService'; serviceId: string; cause: ServiceDeactivationCause }
  | { type: 'ExpireAuthorization'; authorizationId: string }
  | { type: 'TimeOutAuthorizationCancellation'; authorizationId: string }
  | { type: 'ExpireProposal'; proposalId: string };

/** The process each intent belongs to: its events carry `actor: { role: 'system', sub: <process> }`. */
export const PROCESS_OF: Record<Intent['type'], string> = {
  DeactivateAuthorization: 'cascade',
  DeactivateService: 'cascade',
  ExpireAuthorization: 'expiry',
  TimeOutAuthorizationCancellation: 'cancellation-timeout',
  ExpireProposal: 'proposal-expiry',
};
