// Dependency-injection keys (Nest calls them tokens; here "token" is a JWT) for the ports and settings the shell is built around.
export const CONFIG = Symbol('CONFIG');
export const CLOCK = Symbol('CLOCK');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
export const EXPIRING_REMINDERS = Symbol('EXPIRING_REMINDERS');
export const BACKGROUND_GATE = Symbol('BACKGROUND_GATE');
/** StreamStates: the embedded store's exact cache of folded stream states, or plain reads of the store. */
export const STREAM_STATES = Symbol('STREAM_STATES');
/** RetryPolicy of the background starts (background-retry.ts); optional: tests shorten it. */
export const BACKGROUND_RETRY = Symbol('BACKGROUND_RETRY');
