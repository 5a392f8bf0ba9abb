// Dependency-injection keys of the webhooks feature.
export const DELIVERY_STORE = Symbol('DELIVERY_STORE');
export const SECRET_SEALER = Symbol('SECRET_SEALER');
