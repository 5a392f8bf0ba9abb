// The partner may ask the seller to end an authorization; the seller approves or rejects; an
// unanswered request cancels after 72 hours; after a rejection the partner waits 144 hours.
import { conflict } from '../shared/errors.js';
import { addHours } from '../shared/time.js';
import type {
  ApproveAuthorizationCancellation,
  RejectAuthorizationCancellation,
  RequestAuthorizationCancellation,
  TimeOutAuthorizationCancellation,
} from '../binding/commands.js';
import type { AuthorizationEvent } from '../binding/events.js';
import { assertSystem, authorizationFor, refOf } from '../binding/guards.js';
import { type ActiveAuthorization, type BindingState, effectiveStatus, findAuthorization, lapseOf } from '../binding/state.js';

export const CANCELLATION_ANSWER_HOURS = 72;
export const CANCELLATION_RETRY_WAIT_HOURS = 144;

function pendingRequestOf(a: ReturnType<typeof authorizationFor>, now: string): ActiveAuthorization {
  // Unanswered for 72 hours it is cancelled as of dueAt (the timeout records it): too late to answer.
  if (lapseOf(a, now)?.endReason === 'PARTNER_CANCELLATION_TIMEOUT')
    throw conflict('CANCELLATION_REQUEST.TIMED_OUT', 'the request was left unanswered for 72 hours: it cancelled the authorization');
  const status = effectiveStatus(a, now);
  if (status !== 'ACTIVE') throw conflict('AUTHORIZATION.NOT_ACTIVE', `the authorization is ${status}`);
  if (a.status !== 'ACTIVE' || !a.cancellationRequest) throw conflict('CANCELLATION_REQUEST.NONE_PENDING', 'no cancellation request is pending');
  return a;
}

export function requestAuthorizationCancellation(command: RequestAuthorizationCancellation, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['partner']);
  const status = effectiveStatus(a, command.now);
  if (status !== 'ACTIVE' || a.status !== 'ACTIVE') throw conflict('AUTHORIZATION.NOT_ACTIVE', `the authorization is ${status}`);
  if (a.cancellationRequest) throw conflict('CANCELLATION_REQUEST.PENDING', 'a cancellation request is already pending');
  if (a.cancellationRejectedAt) {
    const allowedAt = addHours(a.cancellationRejectedAt, CANCELLATION_RETRY_WAIT_HOURS);
    if (command.now < allowedAt) throw conflict('CANCELLATION_REQUEST.TOO_SOON', `the seller rejected the last request; ask again from ${allowedAt}`);
  }
  const data = {
    ...refOf(a),
    reason: command.reason,
    ...(command.note !== undefined && { note: command.note }),
    requestedAt: command.now,
    dueAt: addHours(command.now, CANCELLATION_ANSWER_HOURS),
  };
  return [{ type: 'AuthorizationCancellationRequested', data }];
}

export function approveAuthorizationCancellation(command: ApproveAuthorizationCancellation, state: BindingState): AuthorizationEvent[] {
  const a = pendingRequestOf(authorizationFor(command, state, ['seller']), command.now);
  return [{ type: 'AuthorizationCancelled', data: { ...refOf(a), endReason: 'PARTNER_CANCELLATION_APPROVED', cancelledAt: command.now } }];
}

export function rejectAuthorizationCancellation(command: RejectAuthorizationCancellation, state: BindingState): AuthorizationEvent[] {
  const a = pendingRequestOf(authorizationFor(command, state, ['seller']), command.now);
  const data = { ...refOf(a), rejectedAt: command.now, ...(command.reason !== undefined && { reason: command.reason }) };
  return [{ type: 'AuthorizationCancellationRejected', data }];
}

/** System: nothing to do unless a request is pending, due, and fell due before the authorization expired. */
export function timeOutAuthorizationCancellation(command: TimeOutAuthorizationCancellation, state: BindingState): AuthorizationEvent[] {
  assertSystem(command.actor);
  const a = findAuthorization(state, command.authorizationId);
  if (!a || a.status !== 'ACTIVE' || !a.cancellationRequest) return [];
  const { dueAt } = a.cancellationRequest;
  if (dueAt > command.now || dueAt > a.expiresAt) return [];
  return [{ type: 'AuthorizationCancelled', data: { ...refOf(a), endReason: 'PARTNER_CANCELLATION_TIMEOUT', cancelledAt: dueAt } }];
}
