// Events are upcast when read, by every adapter: an event written in an older shape reaches the
// rest of the product in the current one.
import type { StoredEvent } from './port.js';

export type Upcast = (event: StoredEvent) => StoredEvent;

export const identityUpcast: Upcast = (event) => event;
