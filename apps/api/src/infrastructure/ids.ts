// New ids are made in the shell and put into commands, so deciders stay deterministic.
import { randomBytes } from 'node:crypto';

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export const newServiceId = () => `svc_${token(12)}`;
/** A part of the proposal id, so a principal id: it starts with a letter (base64url may start with - or _). */
export const newProposalNonce = () => `n${token(12)}`;
export const newWebhookId = () => `wh_${token(12)}`;
