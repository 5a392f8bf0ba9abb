// The binding decider: every decision about one partner and one seller.
import type { Decider } from '../shared/decider.js';
import { grantAuthorizations } from '../authorization/grant.js';
import {
  cancelAuthorization,
  deactivateAuthorization,
  editAuthorization,
  removeAuthorization,
  renewAuthorization,
  requestAuthorizationRenewal,
} from '../authorization/manage.js';
import {
  approveAuthorizationCancellation,
  rejectAuthorizationCancellation,
  requestAuthorizationCancellation,
  timeOutAuthorizationCancellation,
} from '../authorization/cancellation-request.js';
import { expireAuthorization } from '../authorization/expiry.js';
import { createProposal, declineProposal, expireProposal, signProposal, withdrawProposal } from '../proposal/proposal.js';
import type { BindingCommand } from './commands.js';
import type { BindingEvent } from './events.js';
import { type BindingState, evolveBinding, initialBindingState } from './state.js';

export function decideBinding(command: BindingCommand, state: BindingState): BindingEvent[] {
  switch (command.type) {
    case 'GrantAuthorizations':
      return grantAuthorizations(command, state);
    case 'EditAuthorization':
      return editAuthorization(command, state);
    case 'RenewAuthorization':
      return renewAuthorization(command, state);
    case 'RequestAuthorizationRenewal':
      return requestAuthorizationRenewal(command, state);
    case 'CancelAuthorization':
      return cancelAuthorization(command, state);
    case 'RequestAuthorizationCancellation':
      return requestAuthorizationCancellation(command, state);
    case 'ApproveAuthorizationCancellation':
      return approveAuthorizationCancellation(command, state);
    case 'RejectAuthorizationCancellation':
      return rejectAuthorizationCancellation(command, state);
    case 'RemoveAuthorization':
      return removeAuthorization(command, state);
    case 'DeactivateAuthorization':
      return deactivateAuthorization(command, state);
    case 'ExpireAuthorization':
      return expireAuthorization(command, state);
    case 'TimeOutAuthorizationCancellation':
      return timeOutAuthorizationCancellation(command, state);
    case 'CreateProposal':
      return createProposal(command, state);
    case 'WithdrawProposal':
      return withdrawProposal(command, state);
    case 'DeclineProposal':
      return declineProposal(command, state);
    case 'SignProposal':
      return signProposal(command, state);
    case 'ExpireProposal':
      return expireProposal(command, state);
  }
}

export const bindingDecider: Decider<BindingCommand, BindingState, BindingEvent> = {
  initialState: initialBindingState,
  evolve: evolveBinding,
  decide: decideBinding,
};
