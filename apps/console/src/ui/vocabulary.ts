// The domain's vocabulary the console offers (markets, scopes, event types), taken from libs/domain's
// own modules so that a form offers exactly what the server accepts. These modules, not the domain's
// index: the index also holds Node-only code (ids.ts uses Buffer), and these import none of it.
export { AUTHORIZED_OBJECTS, MARKETS, SELLER_CENTER_ROLES } from '../../../../libs/domain/src/market/scopes';
export { EVENT_TYPES } from '../../../../libs/domain/src/shared/schema-versions';
export { WEBHOOK_EVENT_TYPES } from '../../../../libs/domain/src/webhook/webhook';
