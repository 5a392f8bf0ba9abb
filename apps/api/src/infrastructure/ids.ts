// New ids are made in the shell and put into commands, so deciders stay deterministic. A command
// sent with an Idempotency-Key derives them from its command key (idempotency/request-key.ts):
// every run of it makes the same ids, so a retry after a crash reads the stream its first run
// created and finds its events there (command-handler.ts).
import { createHash, randomBytes } from 'node:crypto';

const token = (idempotencyKey: string | undefined, purpose: string) =>
  (idempotencyKey === undefined ? randomBytes(12) : createHash('sha256').update(`${purpose}\n${idempotencyKey}`).digest().subarray(0, 12)).toString(
    'base64url',
  );

export const newServiceId = (idempotencyKey?: string) => `svc_${token(idempotencyKey, 'service')}`;
/** A part of the proposal id, so a principal id: it starts with a letter (base64url may start with - or _). */
export const newProposalNonce = (idempotencyKey?: string) => `n${token(idempotencyKey, 'proposal')}`;
export const newWebhookId = (idempotencyKey?: string) => `wh_${token(idempotencyKey, 'webhook')}`;
